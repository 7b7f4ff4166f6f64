package dev.segments.app.web;

import dev.segments.command.StrictJson;
import dev.segments.events.segment.SegmentIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.server.ResponseStatusException;

/**
 * The web layer's shared rules: request bodies are read strictly ({@link StrictJson}; actuator operations
 * excepted, {@link ActuatorBodyConverter}), and every id in a path
 * ({@code segmentId}, {@code customerId}, ...) is checked once, for all endpoints.
 */
@Configuration
class WebConfiguration implements WebMvcConfigurer {

    /** Tomcat's own answers (before any filter runs) in the API's error body, not its HTML page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> serverErrorReport() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ServerErrorReport.class.getName());
            }
        });
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return builder -> builder.postConfigurer(StrictJson::configure);
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(0, new ActuatorBodyConverter());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                @SuppressWarnings("unchecked")
                Map<String, String> variables = (Map<String, String>) request.getAttribute(
                        HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
                if (variables != null) {
                    variables.forEach((name, value) -> {
                        if (name.endsWith("Id") && !SegmentIdentity.ID.matcher(value).matches()) {
                            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Path parameter '" + name
                                    + "' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'.");
                        }
                    });
                }
                return true;
            }
        }).addPathPatterns("/customer-segment/**");
    }
}
