package dev.segments.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.command.BulkOutcome;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.consistency.ReadYourWrites;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * How every write endpoint answers: a successful command's response completes once the projections have caught
 * up ({@link ReadYourWrites}), without holding a servlet thread meanwhile; bulk requests apply each entry on
 * its own and report one result per entry. A rejected command is an exception the error advice answers.
 */
@Component
public class WriteResponses {

    public static final int MAX_BULK_ENTRIES = 200;
    public static final String CONSISTENCY_HEADER = "X-Read-Your-Writes";
    static final String ENTRY_NOT_APPLIED = "The service could not reach its database for this entry; it was not "
            + "applied. Retry it later.";
    static final String ENTRY_OUTCOME_UNKNOWN = "The service lost its database connection while committing this "
            + "entry; it may or may not have been applied. Read it back before retrying.";
    static final String ENTRY_NOT_ATTEMPTED = "Not attempted: an earlier entry could not reach the database. Retry "
            + "it later.";

    private final ReadYourWrites readYourWrites;
    private final RetryableFailures retryable;

    WriteResponses(ReadYourWrites readYourWrites, RetryableFailures retryable) {
        this.readYourWrites = readYourWrites;
        this.retryable = retryable;
    }

    /** A response with the given status and body, completed once the changes are visible to reads. */
    public <T> CompletableFuture<ResponseEntity<T>> respond(HttpStatus status, List<Change> changes, T body) {
        Map<String, Long> positions = new LinkedHashMap<>();
        changes.stream().filter(Change::appended)
                .forEach(change -> positions.merge(change.aggregateId(), change.lastSequenceNumber(), Math::max));
        return readYourWrites.whenProcessed(positions).thenApply(outcome -> {
            ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
            if (outcome != ReadYourWrites.Outcome.VISIBLE) {
                response.header(CONSISTENCY_HEADER, outcome.name().toLowerCase(Locale.ROOT));
            }
            return body == null ? response.build() : response.body(body);
        });
    }

    /** 201 with the id when the command created the resource, else 204. */
    public CompletableFuture<ResponseEntity<CreatedResponse>> createdOrUpdated(Change change) {
        return change.created()
                ? respond(HttpStatus.CREATED, List.of(change), new CreatedResponse(change.id()))
                : respond(HttpStatus.NO_CONTENT, List.of(change), null);
    }

    /** 201 (without a body) when the command created the resource, else 204. */
    public CompletableFuture<ResponseEntity<Void>> createdOrUpdatedWithoutBody(Change change) {
        return respond(change.created() ? HttpStatus.CREATED : HttpStatus.NO_CONTENT, List.of(change), null);
    }

    /**
     * Applies each entry of a bulk body by a command of its own (at most {@value #MAX_BULK_ENTRIES}, else
     * nothing is applied) and answers 207 with one result per entry, once all successful changes are visible.
     * When the database fails an entry (a failure a retry can cure) after earlier entries were applied, that entry
     * and the ones after it are reported as 503 and not attempted: a 503 for the whole request would say that
     * nothing was changed.
     */
    public <E> CompletableFuture<ResponseEntity<List<BulkEntryResult>>> bulk(List<JsonNode> body,
                                                                             Function<JsonNode, E> read,
                                                                             Function<E, Change> command,
                                                                             Function<JsonNode, String> idOf) {
        checkEntries(body);
        List<BulkEntryResult> results = new ArrayList<>(body.size());
        List<Change> changes = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            JsonNode entry = body.get(i);
            try {
                Change change = command.apply(read.apply(entry));
                changes.add(change);
                results.add(success(i, change.id(), change));
            } catch (CommandRejectedException e) {
                results.add(failure(i, idOf.apply(entry), e));
            } catch (RuntimeException e) {
                if (changes.isEmpty() || !retryable.isRetryable(e)) {
                    throw e;
                }
                results.add(BulkEntryResult.failure(i + 1, idOf.apply(entry), HttpStatus.SERVICE_UNAVAILABLE,
                        retryable.outcomeUnknown(e) ? ENTRY_OUTCOME_UNKNOWN : ENTRY_NOT_APPLIED));
                for (int rest = i + 1; rest < body.size(); rest++) {
                    results.add(BulkEntryResult.failure(rest + 1, idOf.apply(body.get(rest)),
                            HttpStatus.SERVICE_UNAVAILABLE, ENTRY_NOT_ATTEMPTED));
                }
                break;
            }
        }
        return respond(HttpStatus.MULTI_STATUS, changes, results);
    }

    /**
     * Like {@link #bulk}, but the entries that read well are applied by one set-based command, which decides each
     * of them on its own and reports one outcome per entry, in order. Entries that do not read get their 400
     * without reaching the command.
     */
    public <E, C> CompletableFuture<ResponseEntity<List<BulkEntryResult>>> bulkTogether(
            List<JsonNode> body, Function<JsonNode, E> read, Function<E, C> toCommand,
            Function<List<C>, List<BulkOutcome>> command) {
        checkEntries(body);
        BulkEntryResult[] results = new BulkEntryResult[body.size()];
        List<C> commands = new ArrayList<>(results.length);
        List<Integer> positions = new ArrayList<>(results.length);
        for (int i = 0; i < results.length; i++) {
            try {
                commands.add(toCommand.apply(read.apply(body.get(i))));
                positions.add(i);
            } catch (CommandRejectedException e) {
                results[i] = failure(i, null, e);
            }
        }
        List<BulkOutcome> outcomes;
        try {
            outcomes = commands.isEmpty() ? List.of() : command.apply(commands);
        } catch (CommandRejectedException e) {
            outcomes = Collections.nCopies(commands.size(), BulkOutcome.rejected(e));
        }
        List<Change> changes = new ArrayList<>(outcomes.size());
        for (int k = 0; k < outcomes.size(); k++) {
            BulkOutcome outcome = outcomes.get(k);
            int i = positions.get(k);
            if (outcome.change() != null) {
                changes.add(outcome.change());
                results[i] = success(i, null, outcome.change());
            } else {
                results[i] = failure(i, null, outcome.rejection());
            }
        }
        return respond(HttpStatus.MULTI_STATUS, changes, Arrays.asList(results));
    }

    /** 400 unless the bulk body has at most {@value #MAX_BULK_ENTRIES} entries. */
    private static void checkEntries(List<JsonNode> body) {
        if (body.size() > MAX_BULK_ENTRIES) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "A bulk request takes at most " + MAX_BULK_ENTRIES + " entries; nothing was applied.");
        }
    }

    private static BulkEntryResult success(int position, String id, Change change) {
        return BulkEntryResult.success(position + 1, id, change.created() ? HttpStatus.CREATED : HttpStatus.NO_CONTENT);
    }

    private static BulkEntryResult failure(int position, String id, CommandRejectedException e) {
        return BulkEntryResult.failure(position + 1, id, status(e), e.getMessage());
    }

    public static HttpStatus status(CommandRejectedException e) {
        return switch (e.reason()) {
            case INVALID, HAS_ASSIGNMENTS -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, STALE_VERSION -> HttpStatus.CONFLICT;
        };
    }
}
