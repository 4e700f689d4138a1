package dev.muster.node.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void hashIsSaltedBcryptAndChecks() {
        String a = Passwords.hash("s3cret pass", 4);
        String b = Passwords.hash("s3cret pass", 4);
        assertTrue(a.startsWith("$2y$04$"), a);
        assertNotEquals(a, b, "a fresh salt each time");
        assertTrue(Passwords.matches(a, "s3cret pass"));
        assertFalse(Passwords.matches(a, "s3cret pas"));
        assertFalse(Passwords.matches("not a hash", "x"));
        assertFalse(Passwords.matches(a, "x".repeat(73)));
        assertTrue(Passwords.hash("x").startsWith("$2y$12$"), "production cost");
    }

    @Test
    void refusesEmptyAndOverlongPasswords() {
        assertThrows(IllegalArgumentException.class, () -> Passwords.hash("", 4));
        assertThrows(IllegalArgumentException.class, () -> Passwords.hash("é".repeat(37), 4));
    }
}
