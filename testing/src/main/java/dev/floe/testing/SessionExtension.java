package dev.floe.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle this package's extensions share: a session (clients and whatever else a test class
 * uses) opened in {@code beforeAll}, or in {@code beforeEach} when the extension is registered on
 * an instance field, and closed after the class (or method) that opened it.
 *
 * @param <S> what one test class (or method) uses, closed together
 */
abstract class SessionExtension<S extends SessionExtension.Session>
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** A session; its {@code close()} throws no checked exception, as the callbacks declare none. */
  interface Session extends AutoCloseable {
    @Override
    void close();
  }

  private S session;
  private String sessionOwner;

  @Override
  public final void beforeAll(ExtensionContext context) {
    open(context);
  }

  @Override
  public final void beforeEach(ExtensionContext context) {
    open(context);
  }

  @Override
  public final void afterEach(ExtensionContext context) {
    closeIfOpenedBy(context);
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    closeIfOpenedBy(context);
  }

  /** Opens the session of the test class (or method) of {@code context}. */
  protected abstract S openSession(ExtensionContext context);

  /** The open session; an {@link IllegalStateException} saying how to register the extension. */
  protected final synchronized S session() {
    if (session == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " is not started: register it with @RegisterExtension (on a static field for"
              + " beforeAll use) or @ExtendWith, and use it from tests or lifecycle methods");
    }
    return session;
  }

  private synchronized void open(ExtensionContext context) {
    if (session != null) {
      return;
    }
    session = openSession(context);
    sessionOwner = context.getUniqueId();
  }

  private synchronized void closeIfOpenedBy(ExtensionContext context) {
    // Nested classes and test methods inherit the extension: only the context that opened the
    // session closes it, so an inner afterAll does not pull the clients from under the outer class.
    if (session == null || !context.getUniqueId().equals(sessionOwner)) {
      return;
    }
    try {
      session.close();
    } finally {
      session = null;
      sessionOwner = null;
    }
  }
}
