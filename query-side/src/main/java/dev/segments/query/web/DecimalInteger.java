package dev.segments.query.web;

import java.util.regex.Pattern;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads integer parameters ({@code pageNumber}, {@code pageSize}) as plain decimal digits, optionally negative. Spring's own
 * conversion also takes {@code +5}, {@code 0x1F}, octal {@code 010} (8) and non-ASCII digits, none of which a
 * client means. Spring Boot registers converter beans with the web layer's conversion service.
 */
@Component
public class DecimalInteger implements Converter<String, Integer> {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,10}");

    @Override
    public Integer convert(String source) {
        String text = source.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a decimal integer");
        }
        long value = Long.parseLong(text);
        if (value != (int) value) {
            throw new IllegalArgumentException("not a 32-bit integer");
        }
        return (int) value;
    }
}
