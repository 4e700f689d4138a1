package dev.muster.executor;

import java.util.ArrayList;
import java.util.List;

/** {@code serial}: splits a play's hosts into rolling batches; the last size repeats. */
public final class Batches {

    private Batches() {
    }

    public static List<List<String>> split(List<String> hosts, List<Object> serial) {
        if (serial.isEmpty() || hosts.isEmpty()) {
            return List.of(hosts);
        }
        List<List<String>> batches = new ArrayList<>();
        int start = 0;
        int index = 0;
        while (start < hosts.size()) {
            Object size = serial.get(Math.min(index++, serial.size() - 1));
            int count = size instanceof Integer n ? n
                    : Math.max(1, hosts.size() * Integer.parseInt(String.valueOf(size).replace("%", "")) / 100);
            int end = Math.min(hosts.size(), start + count);
            batches.add(List.copyOf(hosts.subList(start, end)));
            start = end;
        }
        return batches;
    }
}
