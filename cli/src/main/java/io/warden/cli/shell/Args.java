package io.warden.cli.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments split as zkCli's option parser (commons-cli's DefaultParser) splits them: single-letter
 * options anywhere on the line, flags may be bundled ({@code -sw}), a value may be attached ({@code -v3}) or
 * follow, a negative number is an argument, and {@code --} ends the options. {@link #positional()} starts with
 * the command name, as zkCli's {@code cl.getArgs()} does.
 *
 * @param spec the options: letters, a letter followed by ':' takes a value (e.g. {@code "sv:b"})
 */
record Args(List<String> positional, Set<Character> flags, Map<Character, String> values) {

    static Args parse(List<String> words, String spec) throws CliException {
        Set<Character> known = new HashSet<>();
        Set<Character> valued = new HashSet<>();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == ':') {
                continue;
            }
            known.add(c);
            if (i + 1 < spec.length() && spec.charAt(i + 1) == ':') {
                valued.add(c);
            }
        }
        List<String> positional = new ArrayList<>();
        Set<Character> flags = new HashSet<>();
        Map<Character, String> values = new HashMap<>();
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (optionsEnded || !w.startsWith("-") || w.length() == 1 || isNumber(w)) {
                positional.add(w);
                continue;
            }
            if (w.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String body = w.substring(1);
            char first = body.charAt(0);
            if (!known.contains(first)) {
                throw new CliException("Unrecognized option: " + w);
            }
            if (valued.contains(first)) {
                if (body.length() > 1) {
                    values.put(first, body.substring(1));
                } else if (i + 1 < words.size()) {
                    values.put(first, words.get(++i));
                } else {
                    throw new CliException("Missing argument for option: " + first);
                }
                continue;
            }
            for (int k = 0; k < body.length(); k++) {
                char c = body.charAt(k);
                if (!known.contains(c)) {
                    throw new CliException("Unrecognized option: " + w);
                }
                if (valued.contains(c)) {
                    String rest = body.substring(k + 1);
                    if (!rest.isEmpty()) {
                        values.put(c, rest);
                    } else if (i + 1 < words.size()) {
                        values.put(c, words.get(++i));
                    } else {
                        throw new CliException("Missing argument for option: " + c);
                    }
                    break;
                }
                flags.add(c);
            }
        }
        return new Args(List.copyOf(positional), Set.copyOf(flags), Map.copyOf(values));
    }

    private static boolean isNumber(String w) {
        try {
            Double.parseDouble(w);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    boolean has(char option) {
        return flags.contains(option) || values.containsKey(option);
    }

    String value(char option) {
        return values.get(option);
    }

    /** positional(0) is the command name; positional(1) its first argument. */
    String arg(int index) {
        return positional.get(index);
    }

    int count() {
        return positional.size();
    }

    int intValue(char option, int absent) throws CliException {
        String v = values.get(option);
        if (v == null) {
            return absent;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CliException("-" + option + " argument must be an int value");
        }
    }
}
