package dev.muster.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A place beyond a lab's bridge: a network namespace on the machine, joined to it by a veth pair,
 * with a TCP listener that answers {@link #GREETING}, and a second namespace that reaches the
 * listener only by being routed through the machine. Forwarding is switched on for just the
 * interfaces involved (the machine's own ip_forward may be 0, and then nothing is routed at all
 * and a test of the lab's drop rule would pass without testing it), so a lab host with a route
 * through the machine has nothing but the lab's own rule between it and the listener.
 *
 * <p>Addresses: the listener's side is 10.232.NET.0/24, the routed client's 10.233.NET.0/24 (the
 * lab's hosts are on 10.231.NET.0/24), machine at .1, namespace at .2; names carry NET, so labs
 * on other networks of the machine are untouched. {@link #close()} removes everything.
 */
final class OutsideNetwork implements AutoCloseable {

    static final String GREETING = "outside";

    private final String net;
    private final Path bridgeForwarding;
    private final String bridgeForwardingBefore;
    private final List<String> namespaces = new ArrayList<>();
    private Process listener;

    private OutsideNetwork(Lab lab) {
        this.net = lab.gateway().split("\\.")[2];
        this.bridgeForwarding = forwarding(lab.bridge());
        this.bridgeForwardingBefore = read(bridgeForwarding);
    }

    /** Sets up both namespaces and the listener beside the lab; waits until the listener accepts. */
    static OutsideNetwork beside(Lab lab) {
        OutsideNetwork outside = new OutsideNetwork(lab);
        try {
            outside.namespace("muster-outside-" + outside.net, "vo-lab" + outside.net, "10.232." + outside.net);
            outside.namespace("muster-client-" + outside.net, "vc-lab" + outside.net, "10.233." + outside.net);
            write(outside.bridgeForwarding, "1");
            outside.startListener();
            return outside;
        } catch (RuntimeException e) {
            outside.close();
            throw e;
        }
    }

    String address() {
        return "10.232." + net + ".2";
    }

    int port() {
        return 8080;
    }

    /** The machine's own route to the listener: what the listener says to the machine. */
    String greetingToTheMachine() {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(address(), port()), 30_000);
            socket.setSoTimeout(30_000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("the machine cannot reach " + address() + ":" + port(), e);
        }
    }

    /** What the listener says to the client namespace, whose packets the machine routes (forwards) to it. */
    String greetingThroughTheMachine() {
        return machine("ip", "netns", "exec", "muster-client-" + net, "bash", "-c",
                "exec 3<>/dev/tcp/" + address() + "/" + port() + " && head -n1 <&3").strip();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.destroy();
            try {
                listener.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // deleting a namespace deletes its end of the veth pair, and with it the machine's end and routes
        namespaces.forEach(ns -> machineMayFail("ip", "netns", "del", ns));
        write(bridgeForwarding, bridgeForwardingBefore);
    }

    /**
     * A namespace at PREFIX.2 behind a veth pair whose machine end is PREFIX.1; the namespace's
     * default route (to the lab and to the other namespace) goes through the machine.
     */
    private void namespace(String name, String machineEnd, String prefix) {
        machineMayFail("ip", "netns", "del", name); // left by a run that died before close()
        machine("ip", "netns", "add", name);
        namespaces.add(name);
        machine("ip", "link", "add", machineEnd, "type", "veth", "peer", "name", "eth0", "netns", name);
        machine("ip", "addr", "add", prefix + ".1/24", "dev", machineEnd);
        machine("ip", "link", "set", machineEnd, "up");
        machine("ip", "-n", name, "addr", "add", prefix + ".2/24", "dev", "eth0");
        machine("ip", "-n", name, "link", "set", "lo", "up");
        machine("ip", "-n", name, "link", "set", "eth0", "up");
        machine("ip", "-n", name, "route", "add", "default", "via", prefix + ".1");
        write(forwarding(machineEnd), "1");
    }

    /** The listener is this class's {@link #main} in a JVM of its own inside the listener's namespace. */
    private void startListener() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes;
        try {
            classes = Path.of(OutsideNetwork.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try {
            listener = new ProcessBuilder("ip", "netns", "exec", "muster-outside-" + net,
                    java, "-cp", classes, OutsideNetwork.class.getName(), address(), Integer.toString(port()))
                    .redirectErrorStream(true).start();
            String first = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (!"listening".equals(first)) {
                throw new LabException("the listener outside the lab did not start: " + first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The listener: greets every connection; ends when its parent closes its standard input (or dies). */
    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]));
        Thread parent = new Thread(() -> {
            try {
                System.in.transferTo(PrintStream.nullOutputStream());
            } catch (IOException ignored) {
                // the parent is gone either way
            }
            System.exit(0);
        });
        parent.setDaemon(true);
        parent.start();
        System.out.println("listening");
        System.out.flush();
        while (true) {
            try (Socket client = server.accept()) {
                client.getOutputStream().write((GREETING + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static Path forwarding(String iface) {
        return Path.of("/proc/sys/net/ipv4/conf", iface, "forwarding");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String machine(String... command) {
        Result r = runOnTheMachine(command);
        if (r.exitCode != 0) {
            throw new LabException(String.join(" ", command) + " failed (" + r.exitCode + "): " + r.output.strip());
        }
        return r.output;
    }

    private static void machineMayFail(String... command) {
        runOnTheMachine(command);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runOnTheMachine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new LabException(String.join(" ", command) + ": no answer after 5 minutes");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted: " + String.join(" ", command));
        }
    }
}
