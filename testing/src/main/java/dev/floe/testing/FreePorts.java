package dev.floe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free TCP ports for servers that refuse to bind port 0 themselves (DynamoDB Local). */
final class FreePorts {

  private FreePorts() {}

  /**
   * Returns a port that was free a moment ago. Another process may take it before the caller binds
   * it, so callers retry with a new port when binding fails.
   */
  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free loopback port", e);
    }
  }
}
