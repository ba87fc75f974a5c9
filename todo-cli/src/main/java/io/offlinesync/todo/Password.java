package io.offlinesync.todo;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Where {@code todo login} gets the password, in this order: the first line of standard input with
 * {@code --password-stdin} (scripts, `pass show ... |`), the environment variable {@code TODO_PASSWORD}, else the
 * terminal, asked without echo. Never from a command line argument: those show in {@code ps} and the shell history.
 */
final class Password {

    static final String ENV = "TODO_PASSWORD";

    private final InputStream stdin;
    private final Function<String, String> env;

    Password(InputStream stdin, Function<String, String> env) {
        this.stdin = stdin;
        this.env = env;
    }

    char[] read(boolean fromStdin, String user) {
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new IllegalArgumentException("--password-stdin: standard input has no password line");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("--password-stdin: cannot read standard input: " + e.getMessage(), e);
            }
        }
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        char[] typed = console == null ? null : console.readPassword("password for %s: ", user);
        if (typed == null) {
            throw new IllegalArgumentException("no terminal to ask for the password: use --password-stdin or " + ENV);
        }
        return typed;
    }
}
