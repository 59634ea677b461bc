package dev.floe.core.conversion;

/**
 * Where a value sits inside an item, e.g. {@code address.lines[2]}; built while converting so an
 * error can name the exact attribute. The text is only made when an error needs it.
 */
final class AttributePath {
  private final AttributePath parent;
  private final String name;
  private final int index;

  private AttributePath(AttributePath parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  static AttributePath of(String name) {
    return new AttributePath(null, name, -1);
  }

  AttributePath child(String childName) {
    return new AttributePath(this, childName, -1);
  }

  AttributePath element(int elementIndex) {
    return new AttributePath(this, null, elementIndex);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    append(text);
    return text.toString();
  }

  private void append(StringBuilder text) {
    if (parent != null) {
      parent.append(text);
    }
    if (name == null) {
      text.append('[').append(index).append(']');
    } else {
      text.append(parent == null ? "" : ".").append(name);
    }
  }
}
