package io.warden.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** Reads the {@code server.N} lines of a zoo.cfg and the server's {@code myid} file, as ZooKeeper does. */
final class EnsembleParser {
    private EnsembleParser() {
    }

    /** Null when the file has no server lines (standalone); errors are added to {@code errors}. */
    static EnsembleConfig parse(Properties p, Set<String> used, Path dataDir, int initLimit, int syncLimit,
                                List<String> errors) {
        Map<Long, EnsembleConfig.Member> members = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("server.")) {
                continue;
            }
            used.add(key);
            String idText = key.substring("server.".length());
            long id;
            try {
                id = Long.parseLong(idText);
            } catch (NumberFormatException e) {
                errors.add("'" + key + "': the server id must be a number");
                continue;
            }
            if (id < 1 || id > 254) {
                // Ids above 254 would collide with the markers kept in ephemeralOwner of TTL and container nodes.
                errors.add("'" + key + "': the server id must be between 1 and 254");
                continue;
            }
            EnsembleConfig.Member m = member(id, key, p.getProperty(key).trim(), errors);
            if (m != null) {
                members.put(id, m);
            }
        }
        if (members.isEmpty()) {
            return null;
        }
        long voters = members.values().stream().filter(m -> m.role() == EnsembleConfig.Role.PARTICIPANT).count();
        if (voters < 1) {
            errors.add("the ensemble has no participants (every server.N is an observer)");
        }
        Path myidFile = dataDir.resolve("myid");
        long myId;
        try {
            myId = Long.parseLong(Files.readString(myidFile).trim());
        } catch (IOException e) {
            errors.add("replicated mode needs the file " + myidFile + " holding this server's id: " + e.getMessage());
            return null;
        } catch (NumberFormatException e) {
            errors.add(myidFile + " must hold a number (this server's id)");
            return null;
        }
        if (!members.containsKey(myId)) {
            errors.add(myidFile + " says this is server " + myId + " but there is no server." + myId + " line");
            return null;
        }
        return new EnsembleConfig(myId, members, initLimit, syncLimit);
    }

    private static EnsembleConfig.Member member(long id, String key, String value, List<String> errors) {
        String addresses = value;
        String clientPart = null;
        int semi = value.indexOf(';');
        if (semi >= 0) {
            addresses = value.substring(0, semi).trim();
            clientPart = value.substring(semi + 1).trim();
        }
        String[] parts = addresses.split(":");
        if (parts.length < 3 || parts.length > 4) {
            errors.add("'" + key + "=" + value + "': expected host:quorumPort:electionPort[:participant|observer][;clientPort]");
            return null;
        }
        EnsembleConfig.Role role = EnsembleConfig.Role.PARTICIPANT;
        if (parts.length == 4) {
            switch (parts[3].trim()) {
                case "participant" -> role = EnsembleConfig.Role.PARTICIPANT;
                case "observer" -> role = EnsembleConfig.Role.OBSERVER;
                default -> {
                    errors.add("'" + key + "': the role must be participant or observer, got '" + parts[3].trim() + "'");
                    return null;
                }
            }
        }
        Integer quorumPort = port(key, "quorum port", parts[1], errors);
        Integer electionPort = port(key, "election port", parts[2], errors);
        String clientAddress = null;
        int clientPort = 0;
        if (clientPart != null && !clientPart.isEmpty()) {
            int colon = clientPart.lastIndexOf(':');
            if (colon >= 0) {
                clientAddress = clientPart.substring(0, colon);
            }
            Integer cp = port(key, "client port", clientPart.substring(colon + 1), errors);
            clientPort = cp == null ? 0 : cp;
        }
        if (quorumPort == null || electionPort == null) {
            return null;
        }
        return new EnsembleConfig.Member(id, parts[0].trim(), quorumPort, electionPort, role, clientAddress, clientPort);
    }

    private static Integer port(String key, String what, String text, List<String> errors) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                errors.add("'" + key + "': the " + what + " must be between 1 and 65535, got " + port);
                return null;
            }
            return port;
        } catch (NumberFormatException e) {
            errors.add("'" + key + "': the " + what + " must be a number, got '" + text.trim() + "'");
            return null;
        }
    }
}
