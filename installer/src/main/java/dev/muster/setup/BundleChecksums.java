package dev.muster.setup;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The offline bundle's top-level SHA256SUMS (written by bundle/build, {@code sha256sum} format),
 * checked before setup copies anything to a host: every listed file must be there with its
 * checksum, and no file may be added to the directories the bundle ships (a jar added to lib/ would
 * run, a task file added to roles/ could). Every problem is named at once. Files at the top level
 * that the bundle does not list (the operator's {@code inventory}, {@code setup.log}, vars files)
 * and the repository packs that setup writes under repos/ are the operator's, not the bundle's.
 * A checkout has no SHA256SUMS at its top: nothing is checked there.
 */
public final class BundleChecksums {

    static final String FILE = "SHA256SUMS";
    /** "HASH  name" (text mode) or "HASH *name" (binary mode), as sha256sum writes them. */
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");
    /** What setup itself writes beside the repository (PackageRepository's pack and its stamp). */
    private static final Pattern WRITTEN_BY_SETUP = Pattern.compile("repos/\\.?[^/]+\\.tar(\\.partial|\\.sums)?");
    private static final int SHOWN = 20;

    private final Path home;

    public BundleChecksums(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** Verifies {@code home} when it is a bundle (holds SHA256SUMS); throws, naming every bad file, otherwise returns. */
    public static void verifyIfBundle(Path home) {
        BundleChecksums bundle = new BundleChecksums(home);
        if (Files.isRegularFile(bundle.home.resolve(FILE))) {
            bundle.verify();
        }
    }

    /** Throws a {@link MusterException} listing every problem, if there is any. */
    public void verify() {
        List<String> problems = problems();
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("the bundle " + home + " is refused: " + problems.size()
                + (problems.size() == 1 ? " file does" : " files do") + " not match its " + FILE + "; nothing was copied to any host:");
        problems.stream().limit(SHOWN).forEach(p -> message.append("\n  - ").append(p));
        if (problems.size() > SHOWN) {
            message.append("\n  - ... and ").append(problems.size() - SHOWN).append(" more (sha256sum -c " + FILE + " lists them)");
        }
        message.append("\nUnpack the bundle again from its tarball (check the tarball against its .sha256 first); "
                + "put your settings in the inventory or -e, not in the bundle's files.");
        throw new MusterException(null, message.toString(), dev.muster.error.Failure.BAD_REQUEST, null);
    }

    /** Every problem, one line each naming the file: missing, changed, added, malformed, or a link leading out of the bundle. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Map<String, String> listed = listed(problems);
        // hashing dominates (a few hundred MB of packages): both cores; the problems keep SHA256SUMS's order
        listed.entrySet().parallelStream()
                .map(e -> check(e.getKey(), e.getValue()))
                .toList().stream()
                .filter(p -> !p.isEmpty())
                .forEach(problems::add);
        problems.addAll(unlisted(listed.keySet()));
        return problems;
    }

    private Map<String, String> listed(List<String> problems) {
        Map<String, String> listed = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(home.resolve(FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(FILE + ": cannot be read (" + e.getMessage() + ")");
            return listed;
        }
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            String name = m.matches() ? m.group(2) : null;
            if (name == null || !inside(name)) {
                problems.add(FILE + " line " + number + ": not a checksum of a file in the bundle: " + line);
            } else if (!name.equals(FILE)) { // a sum cannot hold its own checksum: such a line is ignored
                listed.put(name, m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (listed.isEmpty() && problems.isEmpty()) {
            problems.add(FILE + ": lists no file");
        }
        return listed;
    }

    /** A plain relative name that stays inside the bundle. */
    private boolean inside(String name) {
        if (name.startsWith("/") || name.startsWith("\\")) {
            return false;
        }
        Path path = home.resolve(name).normalize();
        return path.startsWith(home) && !path.equals(home);
    }

    private String check(String name, String expected) {
        Path file = home.resolve(name);
        if (!Files.isRegularFile(file)) {
            return name + ": missing";
        }
        try {
            if (!insideReally(file)) {
                return name + ": a link to a file outside the bundle";
            }
            return PackageRepository.sha256(file).equals(expected) ? "" : name + ": changed or damaged (its SHA-256 differs)";
        } catch (IOException | UncheckedIOException e) {
            return name + ": cannot be read (" + e.getMessage() + ")";
        }
    }

    private boolean insideReally(Path file) throws IOException {
        return file.toRealPath().startsWith(home.toRealPath());
    }

    /** Files nobody listed, inside the directories the bundle ships; links there that lead out of it. */
    private List<String> unlisted(Set<String> listed) {
        Set<String> shipped = new TreeSet<>();
        for (String name : listed) {
            int slash = name.indexOf('/');
            if (slash > 0) {
                shipped.add(name.substring(0, slash));
            }
        }
        List<String> problems = new ArrayList<>();
        for (String dir : shipped) {
            Path top = home.resolve(dir);
            if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(top)) {
                for (Path path : walk.sorted().toList()) {
                    String name = home.relativize(path).toString();
                    if (Files.isSymbolicLink(path)) {
                        if (!Files.exists(path) || !insideReally(path)) {
                            problems.add(name + ": a link leading out of the bundle");
                        }
                    } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !listed.contains(name)
                            && !WRITTEN_BY_SETUP.matcher(name).matches()) {
                        problems.add(name + ": not part of the bundle (added after it was built)");
                    }
                }
            } catch (IOException e) {
                problems.add(dir + "/: cannot be read (" + e.getMessage() + ")");
            }
        }
        return problems;
    }
}
