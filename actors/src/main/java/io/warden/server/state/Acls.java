package io.warden.server.state;

import io.warden.api.auth.IpAuth;
import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.proto.Code;
import java.util.ArrayList;
import java.util.List;

/**
 * ACL checks as ZooKeeperServer.checkACL and PrepRequestProcessor.fixupACL with ZooKeeper's default
 * authentication providers: "digest" (an authenticated scheme: ids match by equality) and "ip" (not an
 * authenticated scheme: CIDR match against the connection's ("ip", address) id). "world:anyone" grants
 * everyone, a ("super", "") auth id grants everything, any other scheme has no provider.
 */
final class Acls {
    private Acls() {
    }

    static boolean allowed(List<ACL> acl, int perm, List<Id> auth) {
        if (acl == null || acl.isEmpty()) {
            return true;
        }
        for (Id a : auth) {
            if ("super".equals(a.scheme())) {
                return true;
            }
        }
        for (ACL entry : acl) {
            if ((entry.perms() & perm) == 0) {
                continue;
            }
            Id id = entry.id();
            String scheme = id.scheme();
            if ("world".equals(scheme) && "anyone".equals(id.id())) {
                return true;
            }
            if (!"digest".equals(scheme) && !"ip".equals(scheme)) {
                continue;
            }
            for (Id a : auth) {
                if (!scheme.equals(a.scheme())) {
                    continue;
                }
                boolean match = "digest".equals(scheme) ? a.id().equals(id.id()) : IpAuth.matches(id.id(), a.id());
                if (match) {
                    return true;
                }
            }
        }
        return false;
    }

    static void check(List<ACL> acl, int perm, List<Id> auth) throws StateException {
        if (!allowed(acl, perm, auth)) {
            throw new StateException(Code.NOAUTH);
        }
    }

    /**
     * Validates the ACL of a create or setACL and expands "auth" entries into the requester's authenticated
     * (digest) ids, dropping duplicates first; INVALIDACL for an empty list or an id no provider accepts.
     */
    static List<ACL> fixup(List<ACL> requested, List<Id> auth) throws StateException {
        List<ACL> unique = new ArrayList<>();
        if (requested != null) {
            for (ACL a : requested) {
                if (!unique.contains(a)) {
                    unique.add(a);
                }
            }
        }
        if (unique.isEmpty()) {
            throw new StateException(Code.INVALIDACL);
        }
        List<ACL> out = new ArrayList<>(unique.size());
        for (ACL a : unique) {
            Id id = a == null ? null : a.id();
            if (id == null || id.scheme() == null) {
                throw new StateException(Code.INVALIDACL);
            }
            String scheme = id.scheme();
            if ("world".equals(scheme) && "anyone".equals(id.id())) {
                out.add(a);
            } else if ("auth".equals(scheme)) {
                boolean any = false;
                for (Id cid : auth) {
                    if ("digest".equals(cid.scheme())) {
                        any = true;
                        out.add(new ACL(a.perms(), cid));
                    }
                }
                if (!any) {
                    throw new StateException(Code.INVALIDACL);
                }
            } else if (id.id() != null && isValidId(scheme, id.id())) {
                out.add(a);
            } else {
                throw new StateException(Code.INVALIDACL);
            }
        }
        return List.copyOf(out);
    }

    private static boolean isValidId(String scheme, String id) {
        return switch (scheme) {
            // String.split drops trailing empty strings, so "user:" is as invalid as "a:b:c".
            case "digest" -> id.split(":").length == 2;
            case "ip" -> IpAuth.isValid(id);
            default -> false;
        };
    }

    /** getACL without ADMIN permission hides digest hashes ("user:x"), as FinalRequestProcessor does. */
    static List<ACL> maskDigests(List<ACL> acl) {
        List<ACL> out = new ArrayList<>(acl.size());
        for (ACL a : acl) {
            if ("digest".equals(a.id().scheme())) {
                out.add(new ACL(a.perms(), new Id("digest", a.id().id().replaceAll(":.*", ":x"))));
            } else {
                out.add(a);
            }
        }
        return out;
    }
}
