## (vault: being written)
