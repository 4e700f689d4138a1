package dev.muster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskerTest {

    @Test
    void masksSecretNamedValuesEverywhereIncludingQuotedForms() {
        Masker masker = new Masker();
        masker.learn(Map.of("db", Map.of("admin_password", "it's-secret"), "api_token", "tok123", "user", "bob", "ssh_key_check", false));
        assertEquals("login bob ******** and ********", masker.mask("login bob it's-secret and tok123"));
        assertEquals("echo ********", masker.mask("echo 'it'\\''s-secret'"));
        assertEquals(Map.of("cookie_value", Masker.MASK, "out", List.of("x ********")),
                masker.maskDeep(Map.of("cookie_value", "plain", "out", List.of("x tok123"))));
        assertEquals("false", masker.mask("false"));
    }
}
