package dev.segments.command;

import dev.segments.command.consistency.ConsistencyProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Everything the command role contributes; the application imports it when that role is enabled. */
@Configuration
@ComponentScan
@EnableConfigurationProperties(ConsistencyProperties.class)
public class CommandSideConfiguration {
}
