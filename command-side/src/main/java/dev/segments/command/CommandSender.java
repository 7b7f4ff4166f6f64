package dev.segments.command;

import dev.segments.events.AuditMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Dispatches commands with the caller's audit metadata and absorbs store-level races: when another node
 * appends to the same aggregate at the same moment, the append fails on the event store's unique key and
 * the command is retried against the new state, where the version check or "already exists" decides it.
 */
@Component
public class CommandSender {

    static final int ATTEMPTS = 3;

    private final CommandGateway gateway;

    CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(AuditMetadata audit, Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(audit.asMap()));
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                if (attempt == ATTEMPTS) {
                    throw new CommandRejectedException(CommandRejectedException.Reason.STALE_VERSION,
                            "The resource you are attempting to access has changed.");
                }
            }
        }
    }
}
