package dev.muster.inventory;

/**
 * A rule of the inventory model was broken (a cycle, an undefined group, a bad range). The parser that
 * was reading the offending line turns it into a MusterException carrying FILE:LINE.
 */
final class BadInventory extends RuntimeException {
    BadInventory(String message) {
        super(message, null, false, false);
    }
}
