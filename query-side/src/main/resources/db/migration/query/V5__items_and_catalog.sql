-- Item assignments (products and categories in segments).
create table item_assignment_view (
    tenant          varchar(16) not null,
    segment_id      varchar(64) not null,
    item_type       varchar(16) not null,
    item_id         varchar(64) not null,
    mixins          jsonb,
    metadata_mixins jsonb,
    version         bigint      not null,
    created_at      timestamptz not null,
    modified_at     timestamptz not null,
    constraint item_assignment_view_pk primary key (tenant, segment_id, item_type, item_id)
);

-- "Which segments is this item in": matching walks from products to categories to assignments.
create index item_assignment_view_by_item on item_assignment_view (tenant, item_type, item_id, segment_id);

-- Catalog replica: the category tree, products, and which products are placed in which categories.
create table category_reference (
    tenant               varchar(16) not null,
    category_id          varchar(64) not null,
    parent_id            varchar(64),
    code                 varchar(255),
    name                 jsonb,
    localized_description jsonb,
    localized_slug       jsonb,
    ecn                  jsonb,
    validity_from        timestamptz,
    validity_to          timestamptz,
    position             integer,
    published            boolean,
    constraint category_reference_pk primary key (tenant, category_id)
);

create index category_reference_children on category_reference (tenant, parent_id, position);

create table product_reference (
    tenant     varchar(16) not null,
    product_id varchar(64) not null,
    code       varchar(255),
    name       jsonb,
    constraint product_reference_pk primary key (tenant, product_id)
);

create table product_category (
    tenant      varchar(16) not null,
    category_id varchar(64) not null,
    product_id  varchar(64) not null,
    constraint product_category_pk primary key (tenant, category_id, product_id)
);

create index product_category_by_product on product_category (tenant, product_id, category_id);

-- Item assignments with the item's code and name from the replica, as responses and q see them.
create view item_assignment_details as
select i.tenant, i.segment_id, i.item_type, i.item_id, i.mixins, i.metadata_mixins, i.version, i.created_at,
       i.modified_at, coalesce(p.code, c.code) as item_code, coalesce(p.name, c.name) as item_name
from item_assignment_view i
         left join product_reference p
                   on i.item_type = 'PRODUCT' and p.tenant = i.tenant and p.product_id = i.item_id
         left join category_reference c
                   on i.item_type = 'CATEGORY' and c.tenant = i.tenant and c.category_id = i.item_id;
