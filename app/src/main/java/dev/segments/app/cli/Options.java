package dev.segments.app.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A command's {@code --name=value} and {@code --flag} options, after the command's name. */
record Options(Map<String, String> values) {

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Expected --name=value or --flag, got " + arg);
            }
            int equals = arg.indexOf('=');
            values.put(equals < 0 ? arg.substring(2) : arg.substring(2, equals),
                    equals < 0 ? "true" : arg.substring(equals + 1));
        }
        return new Options(values);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String get(String name) {
        return values.get(name);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }
}
