-- 1 million people with something stopped on one property (a tenth restricted, the rest objecting
-- to one purpose), plus 100,000 lifted rows, as the gate would find them in a large service.
insert into processing_restriction (property_id, subject_ref, stops, request_reference, since,
                                    applied_by, lifted_at, lifted_by, lift_reason)
select 'image-studio', md5('subject-' || i) || md5('x' || i),
       case when i % 10 = 0 then 'all'
            else (array['analytics', 'marketing', 'model-training', 'sale-or-sharing'])[1 + i % 4] end,
       'R-BENCH-' || i, now() - interval '1 day', 'bench', null, null, null
from generate_series(1, 1000000) i;
insert into processing_restriction (property_id, subject_ref, stops, request_reference, since,
                                    applied_by, lifted_at, lifted_by, lift_reason)
select 'image-studio', md5('subject-' || i) || md5('x' || i), 'editing', 'R-BENCH-L' || i,
       now() - interval '2 days', 'bench', now() - interval '1 day', 'bench', 'resolved'
from generate_series(1, 100000) i;
analyze processing_restriction;
