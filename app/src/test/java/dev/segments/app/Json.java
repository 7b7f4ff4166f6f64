package dev.segments.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads one value out of every element of a JSON array response, for asserting lists and their order. */
final class Json {

    private Json() {
    }

    /** The text at a JSON pointer such as {@code /id} or {@code /customer/id} in each element. */
    static List<String> texts(JsonNode array, String pointer) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.at(pointer).asText()));
        return values;
    }

    static List<String> ids(JsonNode array) {
        return texts(array, "/id");
    }

    /** The {@code code} of each entry of a 207 bulk response. */
    static List<Integer> codes(JsonNode array) {
        List<Integer> codes = new ArrayList<>();
        array.forEach(node -> codes.add(node.get("code").asInt()));
        return codes;
    }
}
