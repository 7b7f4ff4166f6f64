package dev.segments.query;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Everything the query role contributes; the application imports it when that role is enabled. */
@Configuration
@ComponentScan
public class QuerySideConfiguration {
}
