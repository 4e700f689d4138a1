package dev.muster.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.inventory.InventoryLoader;
import dev.muster.vars.ExtraVars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tower inventories as operators write them, read by the real parser, against the installer's real defaults. */
class TowerInventoryCheckTest {

    private static final String SECRETS = "[all:vars]\nadmin_password=a\npg_password=p\nrabbitmq_password=r\nrabbitmq_cookie=c\n";
    private static final Path DEFAULTS = Path.of("../group_vars/all.yml");

    @TempDir
    Path dir;

    private List<String> problems(String ini, String... extra) throws IOException {
        Path file = dir.resolve("inventory-" + System.nanoTime());
        Files.writeString(file, ini);
        Map<String, Object> defaults = ExtraVars.parse(List.of("@" + DEFAULTS));
        return new TowerInventoryCheck(InventoryLoader.load(List.of(file)), defaults, ExtraVars.parse(List.of(extra))).problems();
    }

    @Test
    void aClusterWithItsDatabasePasses() throws IOException {
        assertEquals(List.of(), problems("[tower]\nhosta\nhostb\nhostc\n[database]\nhostd\n" + SECRETS));
    }

    @Test
    void aSingleNodeWithoutDatabasePassesAndMayShareItsHost() throws IOException {
        assertEquals(List.of(), problems("[tower]\nlocalhost ansible_connection=local\n" + SECRETS));
        assertEquals(List.of(), problems("[tower]\nhosta\n[database]\nhosta\n" + SECRETS));
    }

    @Test
    void theExampleInventoryPasses() throws IOException {
        assertEquals(List.of(), problems(Files.readString(Path.of("../inventory.example"))));
    }

    @Test
    void everyProblemIsListedAtOnceWithItsFix() throws IOException {
        List<String> found = problems("[tower]\nhosta\nhostb\n[database]\nd1\nd2\nhostb\n[all:vars]\nrabbitmq_password=''\npg_host=db\n");
        String all = String.join("\n", found);
        assertTrue(all.contains("[database] has 3 hosts"), all);
        assertTrue(all.contains("admin_password is not set: set it in the inventory's [all:vars]"), all);
        assertTrue(all.contains("rabbitmq_password is empty"), all);
        assertTrue(all.contains("rabbitmq_cookie is not set"), all);
        assertTrue(all.contains("pg_host is set (db) but pg_port is not"), all);
        assertTrue(all.contains("hostb is in both [tower] and [database]"), all);
        assertEquals(found.size(), found.stream().distinct().count(), "each problem once, not once per host");
    }

    @Test
    void noTowerHost() throws IOException {
        assertEquals(List.of("no [tower] host: list the cluster's nodes under a [tower] group (at least one)"),
                problems("[database]\nhostd\n" + SECRETS));
        assertTrue(problems("[tower]\n[database]\nhostd\n" + SECRETS).get(0).startsWith("no [tower] host"));
    }

    @Test
    void aClusterNeedsASharedDatabase() throws IOException {
        assertTrue(problems("[tower]\nhosta\nhostb\n" + SECRETS).get(0).contains("needs one database they share"));
        assertEquals(List.of(), problems("[tower]\nhosta\nhostb\n" + SECRETS + "pg_host=db.example.com\npg_port=5432\n"));
    }

    @Test
    void rabbitmqLongNamesMustFitTheNames() throws IOException {
        String fqdn = problems("[tower]\nhosta.example.com\n" + SECRETS).get(0);
        assertTrue(fqdn.contains("'hosta.example.com', a fully qualified name") && fqdn.contains("set rabbitmq_use_long_name=true"), fqdn);
        String ip = problems("[tower]\nhosta rabbitmq_host=10.0.0.1\n" + SECRETS).get(0);
        assertTrue(ip.contains("an IP address"), ip);
        String shortWithLong = problems("[tower]\nhosta\n" + SECRETS + "rabbitmq_use_long_name=true\n").get(0);
        assertTrue(shortWithLong.contains("a short name, but rabbitmq_use_long_name is true"), shortWithLong);
        assertEquals(List.of(), problems("[tower]\nhosta.example.com\n" + SECRETS + "rabbitmq_use_long_name=true\n"));
        assertEquals(List.of(), problems("[tower]\nhosta.example.com rabbitmq_host=hosta\n" + SECRETS));
        assertTrue(problems("[tower]\nhosta\n" + SECRETS + "rabbitmq_use_long_name=maybe\n").get(0).contains("set it to true or false"));
    }

    @Test
    void extraVarsAndTheInventoryWinOverTheDefaults() throws IOException {
        assertEquals(List.of(), problems("[tower]\nhosta\n[all:vars]\nadmin_password=a\npg_password=p\nrabbitmq_cookie=c\n",
                "rabbitmq_password=given"));
        assertTrue(problems("[tower]\nhosta\n" + SECRETS, "rabbitmq_password=").get(0).startsWith("rabbitmq_password is empty"));
    }
}
