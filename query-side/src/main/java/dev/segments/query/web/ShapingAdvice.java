package dev.segments.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segments.query.search.FieldSelection;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Applies {@code fields} and {@code Accept-Language} to the responses of {@link Shaped} reads. Responses pass
 * through untouched when neither asks for a change, which is the common, fast case. A malformed {@code fields}
 * or {@code Accept-Language} is a 400, raised before anything is written.
 */
@ControllerAdvice
class ShapingAdvice implements ResponseBodyAdvice<Object> {

    static final String FIELDS = "fields";

    private final ObjectMapper mapper;

    ShapingAdvice(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.hasMethodAnnotation(Shaped.class);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        HttpServletRequest servlet = ((ServletServerHttpRequest) request).getServletRequest();
        FieldSelection fields = FieldSelection.parse(servlet.getParameter(FIELDS));
        Localization localization = Localization.of(servlet.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        if (body == null || fields.selectsAll() && localization.keepsAll()) {
            return body;
        }
        Shaped shaped = returnType.getMethodAnnotation(Shaped.class);
        JsonNode tree = mapper.valueToTree(body);
        if (tree instanceof ArrayNode array) {
            ArrayNode shapedArray = mapper.createArrayNode();
            array.forEach(element -> shapedArray.add(shape(element, shaped, localization, fields)));
            return shapedArray;
        }
        return shape(tree, shaped, localization, fields);
    }

    private static JsonNode shape(JsonNode resource, Shaped shaped, Localization localization,
                                  FieldSelection fields) {
        if (!(resource instanceof ObjectNode object)) {
            return resource;
        }
        localize(object, shaped, localization);
        return fields.apply(object);
    }

    private static void localize(ObjectNode resource, Shaped shaped, Localization localization) {
        localization.apply(resource, shaped.localized());
        if (!shaped.nested().isEmpty() && resource.get(shaped.nested()) instanceof ArrayNode children) {
            children.forEach(child -> {
                if (child instanceof ObjectNode object) {
                    localize(object, shaped, localization);
                }
            });
        }
    }
}
