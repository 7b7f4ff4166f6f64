package dev.segments.query.reference.web;

import dev.segments.query.reference.CatalogReferences;
import dev.segments.query.reference.CategoryData;
import dev.segments.query.reference.ProductData;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Feeds the catalog replica: categories (with moves), products, and product placements in categories. */
@RestController
@RequestMapping("/customer-segment/{tenant}/reference")
@Tag(name = "Reference data")
class CatalogReferenceController {

    private final CatalogReferences catalog;
    private final Clock clock;

    CatalogReferenceController(CatalogReferences catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @Operation(summary = "Store a category", description = "Creates or replaces the category, moving it when its "
            + "parent changed; a move under itself or a descendant is 400. 201 when new, else 204.")
    @ApiResponse(responseCode = "201", description = "Stored; it was new")
    @ApiResponse(responseCode = "204", description = "Stored; it was known")
    @PutMapping(path = "/categories/{categoryId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putCategory(@PathVariable String tenant, @PathVariable String categoryId,
                                     @Valid @RequestBody CategoryData body) {
        return ReferenceResponses.stored(catalog.putCategory(tenant, categoryId, body, clock.instant()));
    }

    @Operation(summary = "Forget a category", description = "Its product placements go too; its subcategories "
            + "become roots.")
    @ApiResponse(responseCode = "204", description = "Gone (also when it was not known)")
    @DeleteMapping("/categories/{categoryId}")
    ResponseEntity<Void> deleteCategory(@PathVariable String tenant, @PathVariable String categoryId) {
        catalog.deleteCategory(tenant, categoryId, clock.instant());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Place a product in a category", description = "201 when new, 204 when already placed.")
    @ApiResponse(responseCode = "201", description = "Stored; it was new")
    @ApiResponse(responseCode = "204", description = "Stored; it was known")
    @PutMapping("/categories/{categoryId}/products/{productId}")
    ResponseEntity<Void> placeProduct(@PathVariable String tenant, @PathVariable String categoryId,
                                      @PathVariable String productId) {
        return ReferenceResponses.stored(catalog.placeProduct(tenant, categoryId, productId, clock.instant()));
    }

    @Operation(summary = "Take a product out of a category")
    @ApiResponse(responseCode = "204", description = "Gone (also when it was not known)")
    @DeleteMapping("/categories/{categoryId}/products/{productId}")
    ResponseEntity<Void> removeProduct(@PathVariable String tenant, @PathVariable String categoryId,
                                       @PathVariable String productId) {
        catalog.removeProduct(tenant, categoryId, productId, clock.instant());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Store a product's code and names", description = "201 when new, else 204.")
    @ApiResponse(responseCode = "201", description = "Stored; it was new")
    @ApiResponse(responseCode = "204", description = "Stored; it was known")
    @PutMapping(path = "/products/{productId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putProduct(@PathVariable String tenant, @PathVariable String productId,
                                    @Valid @RequestBody ProductData body) {
        return ReferenceResponses.stored(catalog.putProduct(tenant, productId, body, clock.instant()));
    }

    @Operation(summary = "Forget a product")
    @ApiResponse(responseCode = "204", description = "Gone (also when it was not known)")
    @DeleteMapping("/products/{productId}")
    ResponseEntity<Void> deleteProduct(@PathVariable String tenant, @PathVariable String productId) {
        catalog.deleteProduct(tenant, productId, clock.instant());
        return ResponseEntity.noContent().build();
    }
}
