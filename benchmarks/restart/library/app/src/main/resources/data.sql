insert into genres (name) values ('Novel'), ('Poetry'), ('History'), ('Science');
insert into publishers (name, city) values ('Penguin', 'London'), ('Gallimard', 'Paris'), ('Suhrkamp', 'Berlin');
insert into authors (name, born) values ('Jane Austen', '1775-12-16'), ('Victor Hugo', '1802-02-26'),
  ('Thomas Mann', '1875-06-06'), ('Marie Curie', '1867-11-07');
insert into books (title, isbn, published, publisher_id, genre_id) values
  ('Pride and Prejudice', '978-0141439518', 1813, 1, 1), ('Emma', '978-0141439587', 1815, 1, 1),
  ('Les Misérables', '978-2070409228', 1862, 2, 1), ('Les Contemplations', '978-2070327034', 1856, 2, 2),
  ('Buddenbrooks', '978-3596294312', 1901, 3, 1), ('Der Zauberberg', '978-3596294336', 1924, 3, 1),
  ('Radioactive Substances', '978-0486425504', 1904, 1, 4);
insert into book_authors (book_id, author_id) values (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4);
insert into reviews (book_id, stars, text, written) values (1, 5, 'Witty', '2026-01-02'), (3, 4, 'Long', '2026-02-03');
insert into members (name, email, joined) values ('Ada', 'ada@example.com', '2026-01-01');
insert into loans (book_id, member_id, lent, due) values (5, 1, '2026-11-01', '2026-11-15');
