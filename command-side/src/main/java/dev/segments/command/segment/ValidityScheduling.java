package dev.segments.command.segment;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerHumanReadableDeadlineDetails;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Persistent deadlines for the segments' validity boundaries: Axon's {@link DbSchedulerDeadlineManager} on
 * db-scheduler's table in PostgreSQL ({@code scheduled_tasks}, created by Flyway). Every command node runs a
 * scheduler; db-scheduler lets exactly one of them pick a due deadline (row lock), so a boundary fires once
 * however many nodes run, and a deadline whose time passed while no node ran is due at the next start. A node
 * that dies while it runs one is found by its missing heartbeats and the deadline runs again elsewhere; the
 * segment's handler appends nothing the second time.
 *
 * <p>A deadline is scheduled in the command's own transaction (the scheduler's client joins the Spring
 * transaction and leaves the commit to it), so it exists exactly when the command's events do. Task data is
 * JSON, like everything else the service stores; times come from the service's {@link Clock}, so tests can move
 * them. Only the command role has this: a query node neither appends events nor runs deadlines.
 */
@Configuration
class ValidityScheduling {

    @Bean
    Scheduler validityScheduler(DataSource dataSource, Clock clock,
                                ObjectProvider<DbSchedulerDeadlineManager> deadlineManager,
                                @Value("${segments.validity-scheduler.polling-interval:1s}") Duration pollingInterval,
                                @Value("${segments.validity-scheduler.heartbeat-interval:10s}") Duration heartbeat,
                                @Value("${segments.validity-scheduler.threads:2}") int threads) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), List.of(deadlineTask(deadlineManager)))
                .clock(clock::instant)
                .serializer(new JacksonSerializer())
                .schedulerName(new SchedulerName.Fixed(hostName() + "-" + UUID.randomUUID().toString().substring(0, 8)))
                .pollingInterval(pollingInterval)
                .heartbeatInterval(heartbeat)
                .threads(threads)
                .pollUsingLockAndFetch(0.5, 1.0)
                .commitWhenAutocommitDisabled(false)
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    @Bean
    DbSchedulerDeadlineManager deadlineManager(Scheduler validityScheduler, org.axonframework.config.Configuration configuration,
                                    @Qualifier("eventSerializer") Serializer serializer,
                                    TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory) {
        DbSchedulerDeadlineManager manager = DbSchedulerDeadlineManager.builder()
                .scheduler(validityScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .useBinaryPojo(false)
                .startScheduler(false)
                .stopScheduler(false)
                .build();
        // the events a deadline appends carry its audit metadata (tenant, caller, correlation id), as a
        // command's do: Axon's command bus registers the correlation data providers, a deadline's unit of work
        // does not by itself
        manager.registerHandlerInterceptor((unitOfWork, chain) -> {
            configuration.correlationDataProviders().forEach(unitOfWork::registerCorrelationDataProvider);
            return chain.proceed();
        });
        return manager;
    }

    /**
     * Axon's deadline task, retried with back-off when it fails (a concurrent write to the same segment on
     * another node wins the append): after 1 s, then 1.5 times longer each time, instead of db-scheduler's flat
     * five minutes.
     */
    private static Task<DbSchedulerHumanReadableDeadlineDetails> deadlineTask(
            ObjectProvider<DbSchedulerDeadlineManager> deadlineManager) {
        Task<DbSchedulerHumanReadableDeadlineDetails> axon =
                DbSchedulerDeadlineManager.humanReadableTask(deadlineManager::getObject);
        return new OneTimeTask<>(axon.getName(), DbSchedulerHumanReadableDeadlineDetails.class,
                new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 1.5)) {
            @Override
            public void executeOnce(TaskInstance<DbSchedulerHumanReadableDeadlineDetails> instance,
                                    ExecutionContext context) {
                axon.execute(instance, context);
            }
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    /** Starts picking due deadlines once the application (and with it every aggregate) is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean("validityScheduler", Scheduler.class).start();
    }

    /** Stops before the rest of the application does, letting a running deadline finish (up to 10 s). */
    @EventListener(ContextClosedEvent.class)
    void stop(ContextClosedEvent closed) {
        Scheduler scheduler = closed.getApplicationContext().getBean("validityScheduler", Scheduler.class);
        if (scheduler.getSchedulerState().isStarted() && !scheduler.getSchedulerState().isShuttingDown()) {
            scheduler.stop();
        }
    }
}
