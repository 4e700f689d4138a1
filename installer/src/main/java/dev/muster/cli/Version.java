package dev.muster.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, so --version always matches what was built. */
public final class Version implements CommandLine.IVersionProvider {

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"muster " + current()};
    }
}
