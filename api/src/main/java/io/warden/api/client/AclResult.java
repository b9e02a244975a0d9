package io.warden.api.client;

import io.warden.api.data.ACL;
import io.warden.api.data.Stat;
import java.util.List;

/** The answer to getACL: the node's ACL and its Stat. */
public record AclResult(List<ACL> acl, Stat stat) {
}
