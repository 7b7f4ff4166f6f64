package dev.segments.query;

import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** Everything the query role contributes; the application imports it when that role is enabled. */
@Configuration
@ComponentScan
@EntityScan
@EnableJpaRepositories
public class QuerySideConfiguration {
}
