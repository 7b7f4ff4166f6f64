-- The segment read model, one row per live segment, as the API returns it.
create table segment_view (
    tenant          varchar(16) not null,
    id              varchar(64) not null,
    name            jsonb       not null,
    description     jsonb,
    status          varchar(16) not null,
    site_code       varchar(64) not null,
    validity_from   timestamptz,
    validity_to     timestamptz,
    mixins          jsonb,
    metadata_mixins jsonb,
    version         bigint      not null,
    created_at      timestamptz not null,
    modified_at     timestamptz not null,
    constraint segment_view_pk primary key (tenant, id)
);

-- Indexes for the q language over segment_view (measured by bench/, see bench/README.md).
-- Filters by site, status and dates, and the default sorts, as btrees led by the tenant:
create index segment_view_site_created on segment_view (tenant, site_code, created_at);
create index segment_view_status on segment_view (tenant, status);
create index segment_view_created on segment_view (tenant, created_at);
create index segment_view_modified on segment_view (tenant, modified_at);
-- Conditions on free-form and localized JSON compile to jsonpath matches (@@), which these serve:
create index segment_view_mixins on segment_view using gin (mixins jsonb_path_ops);
create index segment_view_metadata_mixins on segment_view using gin (metadata_mixins jsonb_path_ops);
create index segment_view_name on segment_view using gin (name jsonb_path_ops);
-- Regular expressions and sorting on the main language's names (the compiler inlines the language so these
-- expression indexes can match); trigrams let a regex with a literal part avoid reading every row.
create extension if not exists pg_trgm;
create index segment_view_name_en_trgm on segment_view using gin ((name ->> 'en') gin_trgm_ops);
create index segment_view_name_en on segment_view (tenant, (name ->> 'en'));
