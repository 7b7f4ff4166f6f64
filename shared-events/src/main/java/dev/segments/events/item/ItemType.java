package dev.segments.events.item;

import java.util.Arrays;
import java.util.Optional;

/** What an item assignment points at in the catalog. */
public enum ItemType {
    PRODUCT,
    CATEGORY;

    /** The type with exactly this name (as it appears in paths), if there is one. */
    public static Optional<ItemType> named(String name) {
        return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
    }
}
