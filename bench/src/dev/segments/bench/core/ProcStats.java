package dev.segments.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** CPU and memory of the service, PostgreSQL, the load generator and the machine, from Linux's /proc. */
public final class ProcStats {

    /**
     * utime+stime clock ticks of the service, all postgres processes (including reaped children), this JVM and
     * the whole machine, and the {@link System#nanoTime()} the sample was taken at.
     */
    public record Ticks(long svc, long pg, long gen, long machine, long nanos) {
    }

    /** VmRSS and VmHWM (peak RSS) of the service, formatted ("123 MiB"). */
    public record Memory(String rss, String hwm) {
    }

    private final long svcPid;

    /** {@code svcPid} 0 or less: no service process to watch (its columns stay 0). */
    public ProcStats(long svcPid) {
        this.svcPid = svcPid;
    }

    public Ticks ticks() {
        long nanos = System.nanoTime();
        long svc = svcPid > 0 ? procTicks(Path.of("/proc/" + svcPid + "/stat"), false) : 0;
        long pg = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    if (comm.equals("postgres") || comm.startsWith("postgres:")) {
                        pg += procTicks(p.resolve("stat"), true);
                    }
                } catch (IOException ignored) {
                    // process went away
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        long gen = procTicks(Path.of("/proc/self/stat"), false);
        long machine = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal
            machine = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return new Ticks(svc, pg, gen, machine, nanos);
    }

    /** The CPU used since {@code before}. */
    public Cpu since(Ticks before) {
        return Cpu.between(before, ticks());
    }

    /** utime+stime clock ticks of each of the service's JIT compiler threads, by thread id. */
    public Map<String, Long> compilerTicks() {
        Map<String, Long> ticks = new HashMap<>();
        if (svcPid <= 0) {
            return ticks;
        }
        try (var tasks = Files.list(Path.of("/proc/" + svcPid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ticks.put(task.getFileName().toString(), procTicks(task.resolve("stat"), false));
                    }
                } catch (IOException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // service gone: nothing to wait for
        }
        return ticks;
    }

    /** The service's memory now; null without a service pid, {@code rss} "(service gone)" once it has exited. */
    public Memory memory() {
        if (svcPid <= 0) {
            return null;
        }
        try {
            String rss = "?";
            String hwm = "?";
            for (String line : Files.readAllLines(Path.of("/proc/" + svcPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = mib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = mib(line);
                }
            }
            return new Memory(rss, hwm);
        } catch (IOException e) {
            return new Memory("(service gone)", "");
        }
    }

    private static String mib(String statusLine) {
        long kb = Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }

    private static long procTicks(Path stat, boolean withChildren) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withChildren) {
                t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
