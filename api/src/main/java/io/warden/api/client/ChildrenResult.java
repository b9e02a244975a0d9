package io.warden.api.client;

import io.warden.api.data.Stat;
import java.util.List;

/** The answer to getChildren2: child names (unsorted, as the server sent them) and the parent's Stat. */
public record ChildrenResult(List<String> children, Stat stat) {
}
