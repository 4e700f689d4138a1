package dev.muster.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible_default_ipv4 and ansible_all_ipv4_addresses from {@code ip -4 route show default} and
 * {@code ip -o -4 addr show}. Hosts without a default route (an air-gapped lab) get the first
 * global address as their default, so templates can still use {@code ansible_default_ipv4.address}.
 */
final class NetworkFacts {

    private NetworkFacts() {
    }

    record Address(String iface, String address, int prefix, String scope) {
    }

    static void parse(String route, String addr, Map<String, Object> facts) {
        String gateway = null;
        String routeDev = null;
        for (String line : route.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length > 0 && w[0].equals("default")) {
                for (int i = 1; i + 1 < w.length; i++) {
                    if (w[i].equals("via")) {
                        gateway = w[i + 1];
                    } else if (w[i].equals("dev")) {
                        routeDev = w[i + 1];
                    }
                }
                break;
            }
        }
        List<Address> addresses = addresses(addr);
        List<String> all = new ArrayList<>();
        for (Address a : addresses) {
            if (!a.scope().equals("host") && !a.address().startsWith("127.")) {
                all.add(a.address());
            }
        }
        facts.put("ansible_all_ipv4_addresses", all);
        Address chosen = null;
        if (routeDev != null) {
            for (Address a : addresses) {
                if (a.iface().equals(routeDev)) {
                    chosen = a;
                    break;
                }
            }
        }
        if (chosen == null) {
            for (Address a : addresses) {
                if (a.scope().equals("global")) {
                    chosen = a;
                    break;
                }
            }
        }
        Map<String, Object> def = new LinkedHashMap<>();
        if (chosen != null) {
            def.put("address", chosen.address());
            def.put("interface", chosen.iface());
            def.put("alias", chosen.iface());
            def.put("prefix", String.valueOf(chosen.prefix()));
            def.put("netmask", netmask(chosen.prefix()));
            def.put("network", network(chosen.address(), chosen.prefix()));
            def.put("gateway", gateway == null ? "" : gateway);
        } else if (!all.isEmpty()) {
            def.put("address", all.get(0));
        }
        facts.put("ansible_default_ipv4", def);
    }

    /** Lines such as "4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\ ...", or hostname -I's list. */
    static List<Address> addresses(String addr) {
        List<Address> list = new ArrayList<>();
        for (String line : addr.split("\n")) {
            String[] w = line.trim().split("\\s+");
            int inet = indexOf(w, "inet");
            if (inet < 0) {
                // hostname -I: addresses separated by spaces, IPv6 ones included
                for (String word : w) {
                    if (word.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                        list.add(new Address("", word, 32, "global"));
                    }
                }
                continue;
            }
            if (inet + 1 >= w.length || inet < 1) {
                continue;
            }
            String iface = w[inet - 1];
            String[] cidr = w[inet + 1].split("/");
            int scopeAt = indexOf(w, "scope");
            String scope = scopeAt > 0 && scopeAt + 1 < w.length ? w[scopeAt + 1] : "global";
            list.add(new Address(iface, cidr[0], cidr.length > 1 ? Integer.parseInt(cidr[1]) : 32, scope));
        }
        return list;
    }

    private static int indexOf(String[] words, String word) {
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(word)) {
                return i;
            }
        }
        return -1;
    }

    static String netmask(int prefix) {
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return dotted(mask);
    }

    static String network(String address, int prefix) {
        String[] p = address.split("\\.");
        long value = 0;
        for (String part : p) {
            value = (value << 8) | Long.parseLong(part);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return dotted(value & mask);
    }

    private static String dotted(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }
}
