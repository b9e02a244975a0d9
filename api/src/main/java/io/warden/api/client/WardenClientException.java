package io.warden.api.client;

import io.warden.api.proto.Code;

/** A request answered with a ZooKeeper error code (or failed by the client with one, e.g. CONNECTIONLOSS). */
public final class WardenClientException extends RuntimeException {
    private final Code code;
    private final String path;

    public WardenClientException(Code code, String path) {
        super(message(code, path));
        this.code = code;
        this.path = path;
    }

    public Code code() {
        return code;
    }

    /** The path the request named, as the caller gave it (chroot not included); may be null. */
    public String path() {
        return path;
    }

    // The same wording as ZooKeeper's KeeperException.getMessage(), which tools and people grep for.
    private static String message(Code code, String path) {
        String text = "KeeperErrorCode = " + codeText(code);
        return path == null || path.isEmpty() ? text : text + " for " + path;
    }

    static String codeText(Code code) {
        if (code == null) {
            return "Unknown error null";
        }
        return switch (code) {
            case OK -> "ok";
            case SYSTEMERROR -> "SystemError";
            case RUNTIMEINCONSISTENCY -> "RuntimeInconsistency";
            case DATAINCONSISTENCY -> "DataInconsistency";
            case CONNECTIONLOSS -> "ConnectionLoss";
            case MARSHALLINGERROR -> "MarshallingError";
            case NEWCONFIGNOQUORUM -> "NewConfigNoQuorum";
            case RECONFIGINPROGRESS -> "ReconfigInProgress";
            case UNIMPLEMENTED -> "Unimplemented";
            case OPERATIONTIMEOUT -> "OperationTimeout";
            case BADARGUMENTS -> "BadArguments";
            case APIERROR -> "APIError";
            case NONODE -> "NoNode";
            case NOAUTH -> "NoAuth";
            case BADVERSION -> "BadVersion";
            case NOCHILDRENFOREPHEMERALS -> "NoChildrenForEphemerals";
            case NODEEXISTS -> "NodeExists";
            case INVALIDACL -> "InvalidACL";
            case AUTHFAILED -> "AuthFailed";
            case NOTEMPTY -> "Directory not empty";
            case SESSIONEXPIRED -> "Session expired";
            case INVALIDCALLBACK -> "Invalid callback";
            case SESSIONMOVED -> "Session moved";
            case NOTREADONLY -> "Not a read-only call";
            case EPHEMERALONLOCALSESSION -> "Ephemeral node on local session";
            case NOWATCHER -> "No such watcher";
            case RECONFIGDISABLED -> "Reconfig is disabled";
            case SESSIONCLOSEDREQUIRESASLAUTH -> "Session closed because client failed to authenticate";
            case QUOTAEXCEEDED -> "Quota has exceeded";
            case THROTTLEDOP -> "Op throttled due to high load";
            default -> "Unknown error " + code;
        };
    }
}
