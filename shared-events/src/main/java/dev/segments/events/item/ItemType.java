package dev.segments.events.item;

/** What an item assignment points at in the catalog. */
public enum ItemType {
    PRODUCT,
    CATEGORY
}
