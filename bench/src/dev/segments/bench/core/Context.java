package dev.segments.bench.core;

import static dev.segments.bench.core.Text.fmt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every scenario group works with during one run: the service's API, the two databases (the service's
 * and the raw baseline's), the phase runner, /proc statistics and the report.
 */
public final class Context {

    /** A customer's token and its subject (the customer id). */
    public record CustomerToken(String token, String customer) {
    }

    private static final Pattern SUB = Pattern.compile("\"sub\":\"([^\"]+)\"");

    private final String tenant;
    private final String svcJdbc;
    private final String rawJdbc;
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private final Api api;
    private final ProcStats proc;
    private final Report report = new Report();
    private final PhaseRunner phases;
    private final Set<String> done = new HashSet<>();

    /**
     * @param base    the service's base URL (http://127.0.0.1:PORT)
     * @param token   the bench token (segment_manage, segment_read, reference_manage of {@code tenant})
     * @param svcJdbc the service's database; read baselines run here (read-only), seeding shortcuts write here
     * @param rawJdbc the write baselines' database (same DDL, never touched by the service)
     * @param svcPid  the service's process, for CPU, memory and JIT statistics (0: none)
     */
    public Context(String base, String tenant, String token, String svcJdbc, String rawJdbc, long svcPid) {
        this.tenant = tenant;
        this.svcJdbc = svcJdbc;
        this.rawJdbc = rawJdbc;
        this.api = new Api(base, tenant, token);
        this.proc = new ProcStats(svcPid);
        this.phases = new PhaseRunner(proc, report);
    }

    public String tenant() {
        return tenant;
    }

    public String svcJdbc() {
        return svcJdbc;
    }

    public String rawJdbc() {
        return rawJdbc;
    }

    /** Distinguishes this run's ids from earlier runs' (databases reused with SEGMENTS_BENCH_* settings). */
    public String runId() {
        return runId;
    }

    public Api api() {
        return api;
    }

    public ProcStats proc() {
        return proc;
    }

    public Report report() {
        return report;
    }

    /** Runs and measures one phase (see {@link PhaseRunner}). */
    public Result measure(Phase phase, Op.Factory clients) throws Exception {
        return phases.run(phase, clients);
    }

    /** Adds a CPU row for work that is not a phase (seeding), labelled with its duration: "label (12.3 s)". */
    public void cpuRow(String label, int clients, ProcStats.Ticks since) {
        Cpu cpu = proc.since(since);
        report.cpu(label + " (" + fmt(cpu.seconds(), 1) + " s)", clients, cpu);
    }

    /** Runs {@code step} the first time {@code key} is asked for in this run (shared seeding). */
    public void once(String key, Step step) throws Exception {
        if (done.add(key)) {
            step.run();
        }
    }

    /** A unit of work that may fail. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** A token run.sh put in the environment variable {@code variable}, or null. */
    public String token(String variable) {
        String token = System.getenv(variable);
        return token == null || token.isBlank() ? null : token;
    }

    /** A customer token run.sh minted into {@code variable} (segment_read_own), with its subject. */
    public CustomerToken customerToken(String variable) {
        String jwt = token(variable);
        if (jwt == null) {
            throw new IllegalArgumentException("the customer token " + variable + " is needed (run.sh mints it)");
        }
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = SUB.matcher(claims);
        if (!m.find()) {
            throw new IllegalArgumentException("token without sub");
        }
        return new CustomerToken(jwt, m.group(1));
    }
}
