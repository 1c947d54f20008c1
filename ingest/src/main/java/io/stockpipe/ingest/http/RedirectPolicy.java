package io.stockpipe.ingest.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which redirects the HTTP source follows. A price endpoint has no business sending the fetcher to
 * another machine: a redirect that did, to {@code 169.254.169.254}, had the cloud's metadata
 * service stored as prices. So a redirect stays on the configured URL's scheme, host and port,
 * unless the operator allows other hosts; and even then never to a link-local, private or loopback
 * address that is not one of the configured host's own, where the fetcher would reach into the
 * network it runs in. Immutable and thread-safe.
 */
final class RedirectPolicy {
  private final URI configured;
  private final boolean otherHostsAllowed;

  RedirectPolicy(URI configured, boolean otherHostsAllowed) {
    this.configured = configured;
    this.otherHostsAllowed = otherHostsAllowed;
  }

  /** Why the source must not follow a redirect to {@code target}; empty when it may. */
  Optional<String> refusal(URI target) {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      return Optional.of("not an http or https URL");
    }
    if (target.getHost() == null) {
      return Optional.of("the URL names no host");
    }
    if ("https".equalsIgnoreCase(configured.getScheme()) && "http".equals(scheme)) {
      return Optional.of("it leaves https for plain http");
    }
    if (sameOrigin(target)) {
      // The configured host is the operator's choice, wherever it lives.
      return Optional.empty();
    }
    if (!otherHostsAllowed) {
      return Optional.of(
          "another host than the configured "
              + origin(configured)
              + " (--http-follow-redirects allows other hosts)");
    }
    List<InetAddress> targetAddresses;
    try {
      targetAddresses = List.of(InetAddress.getAllByName(target.getHost()));
    } catch (UnknownHostException e) {
      return Optional.of("its host " + target.getHost() + " does not resolve");
    }
    List<InetAddress> ownAddresses = addressesOf(configured.getHost());
    // Every address is checked: a name that resolves to a public and an internal address would
    // reach the internal one as soon as the client picks it.
    for (InetAddress address : targetAddresses) {
      if (ownAddresses.contains(address)) {
        continue;
      }
      Optional<String> kind = internalKind(address);
      if (kind.isPresent()) {
        return Optional.of(
            "its host "
                + target.getHost()
                + " is the "
                + kind.get()
                + " address "
                + address.getHostAddress()
                + ", never followed");
      }
    }
    return Optional.empty();
  }

  /** Scheme and port included: another port on the same machine is another server. */
  private boolean sameOrigin(URI target) {
    return target.getScheme().equalsIgnoreCase(configured.getScheme())
        && target.getHost().equalsIgnoreCase(configured.getHost())
        && port(target) == port(configured);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
  }

  private static List<InetAddress> addressesOf(String host) {
    try {
      return List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      return List.of();
    }
  }

  /** Addresses inside the network the fetcher runs in, by the ranges that say so. */
  private static Optional<String> internalKind(InetAddress address) {
    if (address.isLinkLocalAddress()) { // 169.254/16, fe80::/10: cloud metadata lives here
      return Optional.of("link-local");
    }
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      // 0.0.0.0 and :: reach this machine as loopback does.
      return Optional.of("loopback");
    }
    if (address.isSiteLocalAddress() // 10/8, 172.16/12, 192.168/16 (and fec0::/10)
        || (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc)) {
      return Optional.of("private"); // fc00::/7 is IPv6's private range
    }
    return Optional.empty();
  }
}
