package dev.segments.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segments.query.search.FieldSelection;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Turns query results into response JSON, applying {@code Accept-Language} and {@code fields}. Results are
 * passed through untouched when neither asks for a change, which is the common, fast case.
 */
@Component
public class ResponseShaper {

    public static final String TOTAL_COUNT = "X-Total-Count";

    private final ObjectMapper mapper;

    ResponseShaper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Object shape(Object resource, Localization localization, FieldSelection fields,
                        String... localizedFields) {
        if (localization.keepsAll() && fields.selectsAll()) {
            return resource;
        }
        return shapeOne(resource, localization, fields, localizedFields);
    }

    public Object shapeAll(List<?> resources, Localization localization, FieldSelection fields,
                           String... localizedFields) {
        if (localization.keepsAll() && fields.selectsAll()) {
            return resources;
        }
        ArrayNode array = mapper.createArrayNode();
        resources.forEach(resource -> array.add(shapeOne(resource, localization, fields, localizedFields)));
        return array;
    }

    /** A 200 page response, with the {@code X-Total-Count} header when the total was counted. */
    public ResponseEntity<Object> page(List<?> resources, Long total, Localization localization,
                                       FieldSelection fields, String... localizedFields) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (total != null) {
            response.header(TOTAL_COUNT, total.toString());
        }
        return response.body(shapeAll(resources, localization, fields, localizedFields));
    }

    private JsonNode shapeOne(Object resource, Localization localization, FieldSelection fields,
                              String... localizedFields) {
        ObjectNode node = mapper.valueToTree(resource);
        localization.apply(node, localizedFields);
        return fields.apply(node);
    }
}
