package dev.muster.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.cli.Main;
import dev.muster.error.ExitCodes;
import dev.muster.setup.Installation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without hosts: options before or after the command, checks that stop before any host is contacted. */
class ManageCommandTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Out(int code, String out, String err) {
    }

    private static Out run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Out(code, out.toString(), err.toString());
    }

    private Path inventory(String text) throws Exception {
        Path file = dir.resolve("inventory");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void helpEverywhere() {
        for (String command : List.of("deprovision-node", "disable-node", "enable-node", "list-nodes", "ping")) {
            Out help = run("manage", command, "--help");
            assertEquals(0, help.code(), command);
            assertTrue(help.out().contains("--inventory") && help.out().contains("PLAY_ARGS"), help.out());
        }
        Out top = run("manage", "--help");
        assertTrue(top.out().contains("deprovision-node") && top.out().contains("list-nodes"), top.out());
        assertEquals(ExitCodes.BAD_OPTIONS, run("manage").code(), "a command is required");
        assertEquals(ExitCodes.BAD_OPTIONS, run("manage", "--home", HOME.toString(), "deprovision-node").code(), "HOST is required");
    }

    @Test
    void aBrokenInventoryStopsBeforeAnyHostWhereverTheOptionsGo() throws Exception {
        Path inv = inventory("[tower]\nhosta\nhostb\n[all:vars]\nadmin_password=a\npg_password=p\nrabbitmq_password=r\nrabbitmq_cookie=c\n");
        for (Out o : List.of(run("manage", "--home", HOME.toString(), "-i", inv.toString(), "list-nodes"),
                run("manage", "--home", HOME.toString(), "list-nodes", "-i", inv.toString()),
                run("manage", "--home", HOME.toString(), "--yes", "deprovision-node", "hostb", "-i", inv.toString()))) {
            assertEquals(ExitCodes.PARSE_ERROR, o.code(), o.toString());
            assertTrue(o.err().contains("needs fixing; nothing was done") && o.err().contains("needs one database"), o.err());
        }
        Out missing = run("manage", "--home", HOME.toString(), "-i", dir.resolve("nope").toString(), "ping");
        assertEquals(ExitCodes.BAD_OPTIONS, missing.code());
        assertTrue(missing.err().contains("inventory not found"), missing.err());
    }

    @Test
    void manageChoosesTheHostsItself() throws Exception {
        Path inv = inventory("[tower]\nhosta\n[all:vars]\nadmin_password=a\npg_password=p\nrabbitmq_password=r\nrabbitmq_cookie=c\n");
        Out o = run("manage", "--home", HOME.toString(), "-i", inv.toString(), "list-nodes", "--", "--limit", "hosta");
        assertEquals(ExitCodes.BAD_OPTIONS, o.code(), o.toString());
        assertTrue(o.err().contains("drop --limit"), o.err());
    }

    @Test
    void playArgumentsKeepSetupsLayers() throws Exception {
        Path inv = inventory("[tower]\nhosta\n[all:vars]\nadmin_password=a\npg_password=p\nrabbitmq_password=r\nrabbitmq_cookie=c\n");
        Installation i = Installation.load(HOME, "playbooks/manage/state.yml", inv, List.of("pg_port=5433"));
        List<String> args = i.playArgs("playbooks/manage/state.yml", null, i.logBeside("manage.log"), List.of("{\"manage_node\":\"hosta\"}"),
                List.of("--known-hosts", "kh", "--limit", "hosta"));
        assertEquals(List.of("play", HOME.resolve("playbooks/manage/state.yml").toString(), "-i", inv.toString(),
                "--defaults", HOME.resolve("group_vars/all.yml").toString(), "--log-file", dir.resolve("manage.log").toString(),
                "-e", "pg_port=5433", "-e", "{\"manage_node\":\"hosta\"}", "--known-hosts", "kh", "--limit", "hosta"), args);
        assertEquals(List.of("hosta"), i.towerHosts());
        assertEquals(5433, Integer.parseInt(String.valueOf(i.effective("hosta").get("pg_port"))));
        assertTrue(Cluster.verbose(List.of("-vv")));
    }
}
