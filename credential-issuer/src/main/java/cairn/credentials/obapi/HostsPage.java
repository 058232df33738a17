package cairn.credentials.obapi;

import java.util.List;

/** The page of the hosts and backpacks a person allowed to read their credentials, each revocable. */
public record HostsPage(List<Host> hosts, String csrfField, String csrfToken) {

  /** One live grant. */
  public record Host(String id, String name, String uri, List<String> scopes, String since) {}
}
