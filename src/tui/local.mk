## (being written)
