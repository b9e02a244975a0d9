package io.warden.api.client;

import io.warden.api.path.PathValidation;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed ZooKeeper connect string: {@code host:port[,host:port...][/chroot]}. A host without a port gets 2181;
 * IPv6 literals are written in brackets. A chroot of "/" means none.
 */
public record ConnectString(List<InetSocketAddress> servers, String chroot) {
    public static final int DEFAULT_PORT = 2181;

    public ConnectString {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("A connect string needs at least one host:port");
        }
    }

    public static ConnectString parse(String connectString) {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("A connect string needs at least one host:port");
        }
        String hosts = connectString.trim();
        String chroot = null;
        int slash = hosts.indexOf('/');
        if (slash >= 0) {
            String root = hosts.substring(slash);
            hosts = hosts.substring(0, slash);
            if (root.length() > 1) {
                PathValidation.validate(root);
                chroot = root;
            }
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String part : hosts.split(",")) {
            String hp = part.trim();
            if (!hp.isEmpty()) {
                servers.add(hostPort(hp));
            }
        }
        return new ConnectString(servers, chroot);
    }

    private static InetSocketAddress hostPort(String hp) {
        String host = hp;
        int port = DEFAULT_PORT;
        if (hp.startsWith("[")) {
            int close = hp.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("IPv6 address is missing its closing bracket: " + hp);
            }
            host = hp.substring(1, close);
            String rest = hp.substring(close + 1);
            if (rest.startsWith(":")) {
                port = port(rest.substring(1), hp);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("Unexpected text after IPv6 address: " + hp);
            }
        } else {
            int colon = hp.lastIndexOf(':');
            if (colon >= 0) {
                host = hp.substring(0, colon);
                port = port(hp.substring(colon + 1), hp);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("Missing host in " + hp);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int port(String text, String hp) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Port out of range in " + hp);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad port in " + hp);
        }
    }

    /** The server's view of a client path: the chroot put in front. The path must already be valid. */
    public String toServerPath(String clientPath) {
        if (chroot == null) {
            return clientPath;
        }
        return clientPath.length() == 1 ? chroot : chroot + clientPath;
    }

    /** The client's view of a server path; a path outside the chroot is returned unchanged. */
    public String toClientPath(String serverPath) {
        if (chroot == null || serverPath == null || !serverPath.startsWith(chroot)) {
            return serverPath;
        }
        if (serverPath.length() == chroot.length()) {
            return "/";
        }
        return serverPath.charAt(chroot.length()) == '/' ? serverPath.substring(chroot.length()) : serverPath;
    }

    /** host:port of each server, comma-separated, as it would be typed. */
    public String hostList() {
        StringBuilder sb = new StringBuilder();
        for (InetSocketAddress a : servers) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            String h = a.getHostString();
            sb.append(h.indexOf(':') >= 0 ? "[" + h + "]" : h).append(':').append(a.getPort());
        }
        return sb.toString();
    }
}
