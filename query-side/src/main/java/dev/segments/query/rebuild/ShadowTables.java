package dev.segments.query.rebuild;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A projection's tables built anew beside the live ones: the same tables ({@code like ... including all}: columns,
 * defaults, generated columns, constraints, indexes) in a schema of the rebuild's own, which the rebuild's
 * transactions put first on their {@code search_path}, so the projection's own SQL writes there unchanged. The
 * swap, inside a transaction holding the live tables' ACCESS EXCLUSIVE locks, drops each live table, moves the
 * rebuilt one into the live schema under the live name, gives its indexes (and so its constraints) the live
 * names, and creates again the views that read the table; rows a projection keeps in shared tables (keyed by
 * {@code processor}) are replaced by the rebuilt ones. Readers waiting on the lock read the rebuilt table next.
 */
final class ShadowTables {

    private final JdbcTemplate jdbc;
    private final String processor;
    private final String live;
    private final String shadow;
    private final List<String> tables;
    private final List<String> processorTables;

    ShadowTables(JdbcTemplate jdbc, String processor, String live, List<String> tables, List<String> processorTables) {
        this.jdbc = jdbc;
        this.processor = processor;
        this.live = live;
        this.shadow = schemaFor(processor);
        this.tables = List.copyOf(tables);
        this.processorTables = List.copyOf(processorTables);
    }

    /** The rebuild's schema: {@code rebuild_} and the processing group, as an identifier. */
    static String schemaFor(String processor) {
        String name = "rebuild_" + processor.toLowerCase().replaceAll("[^a-z0-9]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    String schema() {
        return shadow;
    }

    /** The rebuild's tables first, then the live schema for everything else (extensions, the job row). */
    String searchPath() {
        return quote(shadow) + ", " + quote(live);
    }

    String liveSearchPath() {
        return quote(live);
    }

    /** Empty copies of the live tables, replacing what an earlier rebuild may have left. */
    void create() {
        drop();
        jdbc.execute("create schema " + quote(shadow));
        for (String table : all()) {
            jdbc.execute("create table " + quote(shadow) + "." + quote(table) + " (like " + quote(live) + "."
                    + quote(table) + " including all)");
        }
    }

    boolean exists() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from pg_namespace where nspname = ?)",
                Boolean.class, shadow));
    }

    /** Fresh planner statistics, so queries against the rebuilt tables are planned as well as against the live. */
    void analyze() {
        for (String table : tables) {
            jdbc.execute("analyze " + quote(shadow) + "." + quote(table));
        }
    }

    /**
     * Locks what the swap replaces, views over the live tables first: a query of a view locks the view before its
     * tables, so taking them in the same order never deadlocks with one (the swap drops and creates the views).
     */
    void lock() {
        List<String> targets = new ArrayList<>();
        for (String table : tables) {
            jdbc.queryForList("""
                    select distinct quote_ident(n.nspname) || '.' || quote_ident(v.relname) from pg_depend d
                    join pg_rewrite r on r.oid = d.objid join pg_class v on v.oid = r.ev_class
                    join pg_namespace n on n.oid = v.relnamespace
                    where d.classid = 'pg_rewrite'::regclass and d.refobjid = cast(? as regclass)
                      and v.oid <> d.refobjid and v.relkind = 'v'""", String.class, quote(live) + "." + quote(table))
                    .stream().filter(view -> !targets.contains(view)).forEach(targets::add);
        }
        tables.forEach(table -> targets.add(quote(live) + "." + quote(table)));
        jdbc.execute("lock table " + String.join(", ", targets) + " in access exclusive mode");
    }

    /** Replaces the live tables by the rebuilt ones; runs inside the transaction that holds their locks. */
    void swap() {
        Map<String, String> views = new LinkedHashMap<>();
        for (String table : tables) {
            String liveTable = quote(live) + "." + quote(table);
            jdbc.query("""
                    select distinct v.relname, pg_get_viewdef(v.oid) from pg_depend d
                    join pg_rewrite r on r.oid = d.objid join pg_class v on v.oid = r.ev_class
                    where d.classid = 'pg_rewrite'::regclass and d.refobjid = cast(? as regclass)
                      and v.oid <> d.refobjid and v.relkind = 'v'""", rs -> {
                views.putIfAbsent(rs.getString(1), rs.getString(2));
            }, liveTable);
            List<String[]> oldIndexes = indexes(liveTable);
            jdbc.execute("drop table " + liveTable + " cascade");
            jdbc.execute("alter table " + quote(shadow) + "." + quote(table) + " set schema " + quote(live));
            List<String[]> newIndexes = indexes(liveTable);
            List<String[]> renamed = new ArrayList<>();
            for (int i = 0; i < newIndexes.size(); i++) {
                String temporary = truncate(table + "_rebuilt_" + i);
                jdbc.execute("alter index " + quote(live) + "." + quote(newIndexes.get(i)[0]) + " rename to "
                        + quote(temporary));
                renamed.add(new String[] {temporary, newIndexes.get(i)[1]});
            }
            for (String[] old : oldIndexes) {
                for (int i = 0; i < renamed.size(); i++) {
                    if (renamed.get(i)[1].equals(old[1])) {
                        jdbc.execute("alter index " + quote(live) + "." + quote(renamed.get(i)[0]) + " rename to "
                                + quote(old[0]));
                        renamed.remove(i);
                        break;
                    }
                }
            }
        }
        for (String table : processorTables) {
            jdbc.update("delete from " + quote(live) + "." + quote(table) + " where processor = ?", processor);
            jdbc.update("insert into " + quote(live) + "." + quote(table) + " select * from " + quote(shadow) + "."
                    + quote(table) + " where processor = ?", processor);
        }
        views.forEach((name, definition) -> jdbc.execute("create view " + quote(live) + "." + quote(name) + " as "
                + definition.strip().replaceAll(";$", "")));
    }

    void drop() {
        jdbc.execute("drop schema if exists " + quote(shadow) + " cascade");
    }

    private List<String> all() {
        List<String> all = new ArrayList<>(tables);
        all.addAll(processorTables);
        return all;
    }

    /** Each index of the table: its name, and its definition without name and table (what it indexes, how). */
    private List<String[]> indexes(String table) {
        return jdbc.query("select c.relname, pg_get_indexdef(i.indexrelid) from pg_index i "
                        + "join pg_class c on c.oid = i.indexrelid where i.indrelid = cast(? as regclass) order by c.relname",
                (rs, row) -> new String[] {rs.getString(1),
                        rs.getString(2).replaceFirst("^CREATE (UNIQUE )?INDEX \\S+ ON (ONLY )?\\S+ ", "$1")}, table);
    }

    private static String truncate(String name) {
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
