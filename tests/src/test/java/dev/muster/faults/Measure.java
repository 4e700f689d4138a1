package dev.muster.faults;

/** One line per figure, "[faults] SCENARIO: WHAT: N s", for the closing note (grep the test output for [faults]). */
final class Measure {
    private Measure() {
    }

    /** Prints the seconds since {@code startNanos} and returns them. */
    static double print(String scenario, String what, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("[faults] %s: %s: %.1f s%n", scenario, what, s);
        return s;
    }

    static void note(String scenario, String text) {
        System.out.printf("[faults] %s: %s%n", scenario, text);
    }
}
