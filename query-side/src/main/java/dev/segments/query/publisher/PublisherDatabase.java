package dev.segments.query.publisher;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The publisher's own connections: a small pool whose sessions carry the application name
 * {@value EventPublishing#APPLICATION_NAME}, with the transaction manager and token store of the publisher's
 * processor on it. Processors read only events of transactions older than every open transaction of the database
 * that may still append events; the publisher's transactions never append any, but one of them stays open until
 * Kafka has acknowledged its batch (seconds during an outage, longer for a large forced delete), so the event
 * store's read filter leaves sessions of this name out: otherwise every projection, and with them every write's
 * read-your-writes answer, would wait for Kafka. Not exposed as a {@link DataSource} bean, which would replace
 * the service's own.
 */
final class PublisherDatabase implements DisposableBean {

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionManager transactionManager;

    PublisherDatabase(String url, String user, String password, String options, int poolSize) {
        dataSource = new HikariDataSource();
        dataSource.setPoolName("publisher");
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(poolSize);
        dataSource.setMinimumIdle(0);
        dataSource.setIdleTimeout(Duration.ofSeconds(60).toMillis());
        dataSource.addDataSourceProperty("ApplicationName", EventPublishing.APPLICATION_NAME);
        if (options != null && !options.isBlank()) {
            dataSource.addDataSourceProperty("options", options);
        }
        jdbc = new JdbcTemplate(dataSource);
        transactionManager = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    TransactionManager transactionManager() {
        return transactionManager;
    }

    /** The publisher's token in {@code token_entry}, written on the publisher's connections. */
    TokenStore tokenStore(Serializer serializer, Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .serializer(serializer)
                .contentType(byte[].class)
                .claimTimeout(claimTimeout)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }

    @Override
    public void destroy() {
        dataSource.close();
    }
}
