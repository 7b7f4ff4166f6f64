package dev.segments.app.web;

import dev.segments.command.web.RetryableFailures;
import dev.segments.query.DatabaseFailures;
import org.springframework.stereotype.Component;

/** The command side's retryable failures are the database's transient ones, as the web layer answers them. */
@Component
class DatabaseRetryableFailures implements RetryableFailures {

    @Override
    public boolean isRetryable(Throwable failure) {
        return DatabaseFailures.isTransient(failure, true);
    }

    @Override
    public boolean outcomeUnknown(Throwable failure) {
        return DatabaseFailures.outcomeUnknown(failure);
    }
}
