package io.warden.server.state;

import io.warden.api.path.PathValidation;
import io.warden.api.proto.Code;

/**
 * ZooKeeper's path rules (PathUtils.validatePath and the server's parent-path checks). Private to this
 * package until the api module's PathValidation is merged.
 */
final class Paths {
    static final String ROOT = "/";
    static final String PROC = "/zookeeper";
    static final String QUOTA = "/zookeeper/quota";
    static final String CONFIG = "/zookeeper/config";

    private Paths() {
    }

    /** True when ZooKeeper's PathUtils.validatePath accepts the path. */
    static boolean isValid(String path) {
        return PathValidation.isValid(path);
    }

    static void validate(String path) throws StateException {
        if (!isValid(path)) {
            throw new StateException(Code.BADARGUMENTS);
        }
    }

    /** The nodes ZooKeeper itself owns; they can be neither deleted nor container-deleted. */
    static boolean isSpecial(String path) {
        return ROOT.equals(path) || PROC.equals(path) || QUOTA.equals(path) || CONFIG.equals(path);
    }

    /** The parent of a create target; ZooKeeper checks only the slash and NUL here, the rest after the suffix. */
    static String parentForCreate(String path) throws StateException {
        int slash = path == null ? -1 : path.lastIndexOf('/');
        if (slash == -1 || path.indexOf('\0') != -1) {
            throw new StateException(Code.BADARGUMENTS);
        }
        return path.substring(0, slash);
    }

    /** The parent of a delete target (PrepRequestProcessor.getParentPathAndValidate). */
    static String parentForDelete(String path) throws StateException {
        int slash = path == null ? -1 : path.lastIndexOf('/');
        if (slash == -1 || path.indexOf('\0') != -1 || isSpecial(path)) {
            throw new StateException(Code.BADARGUMENTS);
        }
        return path.substring(0, slash);
    }

    /** Parent of a valid non-root path, with the root spelled "/" (where watches on the root live). */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? ROOT : path.substring(0, slash);
    }

    static String childName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
