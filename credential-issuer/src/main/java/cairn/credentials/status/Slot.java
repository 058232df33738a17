package cairn.credentials.status;

/** A credential's position: index {@code index} of status list {@code list} (for every purpose). */
public record Slot(int list, int index) {
  public Slot {
    if (list < 0 || index < 0) {
      throw new IllegalArgumentException("status list and index are non-negative");
    }
  }
}
