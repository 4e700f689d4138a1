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

    /** dict2items' and with_dict's field "key" names no secret; ssh_key, api_key and the like still do. */
    @Test
    void theBareKeyFieldOfDictItemsIsNotASecret() {
        Masker masker = new Masker();
        masker.learn(Map.of("ports", List.of(Map.of("key", "maxmemory", "value", "1gb")), "api_key", "k-123"));
        assertEquals("maxmemory 1gb ********", masker.mask("maxmemory 1gb k-123"));
        assertEquals(Map.of("key", "maxmemory", "ssh_key", Masker.MASK),
                masker.maskDeep(Map.of("key", "maxmemory", "ssh_key", "AAAA")));
    }
}
