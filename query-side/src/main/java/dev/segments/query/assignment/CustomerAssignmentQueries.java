package dev.segments.query.assignment;

import static dev.segments.query.Rows.OBJECT;
import static dev.segments.query.Rows.instant;
import static dev.segments.query.Rows.json;

import dev.segments.events.ResourceMetadata;
import dev.segments.events.assignment.CustomerAssignmentPageResponse;
import dev.segments.events.assignment.CustomerAssignmentResponse;
import dev.segments.events.assignment.CustomerReference;
import dev.segments.events.assignment.FindCustomerAssignmentQuery;
import dev.segments.events.assignment.FindCustomerAssignmentsQuery;
import dev.segments.events.assignment.LegalEntityReference;
import dev.segments.events.segment.SegmentMembership;
import dev.segments.query.PageQuery;
import dev.segments.query.SegmentFilters;
import dev.segments.query.search.SearchSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers customer assignment queries from {@code customer_assignment_view}, joined at read time with the
 * customer and legal entity replica so that a renamed customer shows up in every existing assignment. With
 * {@code asOf}, the same from the audit projection's versions at that instant.
 */
@Component
class CustomerAssignmentQueries {

    static final SearchSchema SCHEMA = SearchSchema.builder()
            .text("customer.id", "a.customer_id")
            .text("customer.firstName", "c.first_name")
            .text("customer.lastName", "c.last_name")
            .text("customer.email", "c.email")
            .text("legalEntity.id", "a.legal_entity_ref")
            .text("legalEntity.name", "l.name")
            .text("assignmentType", "a.assignment_type")
            .json("mixins", "a.mixins")
            .number("metadata.version", "a.version")
            .date("metadata.createdAt", "a.created_at")
            .date("metadata.modifiedAt", "a.modified_at")
            .json("metadata.mixins", "a.metadata_mixins")
            .tieBreaker("a.customer_id", "a.legal_entity_id")
            .build();

    private static final String SELECT = "select a.customer_id, a.legal_entity_ref, a.assignment_type, a.mixins, "
            + "a.metadata_mixins, a.version, a.created_at, a.modified_at, c.first_name, c.last_name, c.email, "
            + "l.name as legal_entity_name";
    private static final String FROM = "from customer_assignment_view a "
            + "left join customer_reference c on c.tenant = a.tenant and c.customer_id = a.customer_id "
            + "left join legal_entity_reference l on l.tenant = a.tenant and l.legal_entity_id = a.legal_entity_id "
            + "where a.tenant = ? and a.segment_id = ?";
    private static final String FROM_VERSIONS = FROM.replace("customer_assignment_view", "customer_assignment_version");

    private final JdbcTemplate jdbc;

    CustomerAssignmentQueries(DataSource dataSource,
                              @Value("${segments.query.statement-timeout:2s}") Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
    }

    @QueryHandler
    CustomerAssignmentResponse handle(FindCustomerAssignmentQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append(" ").append(query.asOf() == null ? FROM : FROM_VERSIONS)
                .append(" and a.customer_id = ? and a.legal_entity_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(query.tenant(), query.segmentId(), query.customerId(),
                CustomerAssignmentProjection.legalEntity(query.legalEntityId())));
        if (query.asOf() != null) {
            SegmentFilters.at("a", query.asOf(), sql, parameters);
        }
        List<CustomerAssignmentResponse> found = jdbc.query(sql.toString(), CustomerAssignmentQueries::map,
                parameters.toArray());
        return found.isEmpty() ? null : found.get(0);
    }

    @QueryHandler
    CustomerAssignmentPageResponse handle(FindCustomerAssignmentsQuery query) {
        PageQuery page = PageQuery.of(SCHEMA.compile(query.q(), query.sort()));
        SegmentMembership own = query.membership();
        if (own != null) {
            page.and("a.customer_id = ?", own.customerId());
            if (own.legalEntityIds() != null) {
                page.and("(a.legal_entity_id = '' or a.legal_entity_id = any (?))",
                        (Object) own.legalEntityIds().toArray(String[]::new));
            }
        }
        if (query.asOf() != null) {
            SegmentFilters.at("a", query.asOf(), page.conditions(), page.parameters());
        }
        PageQuery.Page<CustomerAssignmentResponse> result = page.fetch(jdbc, SELECT,
                query.asOf() == null ? FROM : FROM_VERSIONS,
                List.of(query.tenant(), query.segmentId()), query.pageNumber(), query.pageSize(), query.withTotal(),
                CustomerAssignmentQueries::map);
        return new CustomerAssignmentPageResponse(result.rows(), result.total());
    }

    private static CustomerAssignmentResponse map(ResultSet rs, int row) throws SQLException {
        String legalEntityId = rs.getString("legal_entity_ref");
        return new CustomerAssignmentResponse(
                new CustomerReference(rs.getString("customer_id"), rs.getString("first_name"),
                        rs.getString("last_name"), rs.getString("email")),
                legalEntityId == null ? null : new LegalEntityReference(legalEntityId,
                        rs.getString("legal_entity_name")),
                rs.getString("assignment_type"),
                json(rs, "mixins", OBJECT),
                new ResourceMetadata(instant(rs, "created_at"), instant(rs, "modified_at"), rs.getLong("version"),
                        json(rs, "metadata_mixins", OBJECT)));
    }
}
