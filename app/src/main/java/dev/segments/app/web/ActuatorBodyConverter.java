package dev.segments.app.web;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Reads the JSON body of actuator operations ({@code {"repair": true}}), which Spring Boot binds as a
 * {@code Map<String, String>} and converts value by value itself. The API's strict reading (a boolean is no
 * string) is for the API's typed records; operators may write JSON as they naturally would. No API endpoint
 * takes a {@code Map<String, String>} body, so this converter reads nothing else and writes nothing.
 */
final class ActuatorBodyConverter extends MappingJackson2HttpMessageConverter {

    ActuatorBodyConverter() {
        super(JsonMapper.builder().build());
    }

    @Override
    public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
        return isStringMap(type) && super.canRead(type, contextClass, mediaType);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    private static boolean isStringMap(Type type) {
        return type instanceof ParameterizedType map && map.getRawType() == Map.class
                && map.getActualTypeArguments()[0] == String.class && map.getActualTypeArguments()[1] == String.class;
    }
}
