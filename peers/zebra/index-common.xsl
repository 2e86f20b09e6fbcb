<?xml version="1.0" encoding="UTF-8"?>
<!-- Helpers shared by index-marc21.xsl and index-cnmarc.xsl. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    xmlns:z="http://indexdata.com/zebra-2.0"
    exclude-result-prefixes="m">

  <!-- Subfields of the context field whose code is in $codes, space-separated. -->
  <xsl:template name="join">
    <xsl:param name="codes"/>
    <xsl:for-each select="m:subfield[string-length(@code) = 1 and contains($codes, @code)]">
      <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- One z:index element for the joined subfields, skipped when empty. -->
  <xsl:template name="emit">
    <xsl:param name="names"/>
    <xsl:param name="codes"/>
    <xsl:variable name="text">
      <xsl:call-template name="join">
        <xsl:with-param name="codes" select="$codes"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="normalize-space($text) != ''">
      <z:index name="{$names}"><xsl:value-of select="normalize-space($text)"/></z:index>
    </xsl:if>
  </xsl:template>

  <!-- Standard numbers: the value as catalogued (hyphens split it into words)
       and the compact form, because Zebra does not normalise ISBN queries. -->
  <xsl:template name="standard-number">
    <xsl:param name="index"/>
    <xsl:param name="value"/>
    <xsl:variable name="v" select="normalize-space($value)"/>
    <xsl:variable name="head">
      <xsl:choose>
        <xsl:when test="contains($v, ' ')"><xsl:value-of select="substring-before($v, ' ')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$head != ''">
      <z:index name="{$index}:w"><xsl:value-of select="$head"/></z:index>
      <z:index name="{$index}:w {$index}:0"><xsl:value-of select="translate($head, '-', '')"/></z:index>
    </xsl:if>
  </xsl:template>

  <!-- A four-digit year, for the word and numeric (range) registers. -->
  <xsl:template name="year">
    <xsl:param name="value"/>
    <xsl:variable name="digits" select="translate($value, translate($value, '0123456789', ''), '')"/>
    <xsl:if test="string-length($digits) &gt;= 4">
      <z:index name="Date-of-publication:w Date-of-publication:n Date:w Date:n">
        <xsl:value-of select="substring($digits, 1, 4)"/>
      </z:index>
    </xsl:if>
  </xsl:template>

  <!-- Any (1016): every letter-coded subfield of the bibliographic fields. -->
  <xsl:template name="any">
    <xsl:param name="extra-codes" select="''"/>
    <xsl:for-each select="m:datafield[number(@tag) &lt; 900 and @tag != '852']">
      <xsl:variable name="text">
        <xsl:for-each select="m:subfield[not(contains('0123456789', @code)) or ($extra-codes != '' and contains($extra-codes, @code))]">
          <xsl:value-of select="normalize-space(.)"/><xsl:text> </xsl:text>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="normalize-space($text) != ''">
        <z:index name="Any:w"><xsl:value-of select="normalize-space($text)"/></z:index>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
