<?xml version="1.0" encoding="UTF-8"?>
<!-- Helpers for the OPAC-XML retrieve pipelines. OPAC-XML is the YAZ XML form
     of the Z39.50 OPAC record (opacRecord/bibliographicRecord/holdings); the
     server turns it into a real OPAC record when record syntax OPAC is asked,
     and serves it as is for SRU recordSchema=opac. Element order is fixed by
     the OPAC-XML schema. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    exclude-result-prefixes="m">

  <!-- 1 when the status text means "on the shelf, can be lent": the English
       and Chinese forms used in the fixture catalogue. -->
  <xsl:template name="available-now">
    <xsl:param name="status"/>
    <xsl:variable name="s" select="normalize-space($status)"/>
    <xsl:choose>
      <xsl:when test="$s = 'Available' or $s = '归还' or $s = '在架' or $s = '可借'">1</xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Due date embedded in a status text: "Checked out, due 2026-12-10",
       "借出-应还日期：2026-12-10" (full-width or ASCII colon). -->
  <xsl:template name="due-date">
    <xsl:param name="status"/>
    <xsl:choose>
      <xsl:when test="contains($status, 'due ')"><xsl:value-of select="substring(substring-after($status, 'due '), 1, 10)"/></xsl:when>
      <xsl:when test="contains($status, '应还日期：')"><xsl:value-of select="substring(substring-after($status, '应还日期：'), 1, 10)"/></xsl:when>
      <xsl:when test="contains($status, '应还日期:')"><xsl:value-of select="substring(substring-after($status, '应还日期:'), 1, 10)"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="circulation">
    <xsl:param name="status"/>
    <xsl:param name="restrictions"/>
    <xsl:param name="item-id"/>
    <xsl:param name="enum"/>
    <xsl:variable name="due">
      <xsl:call-template name="due-date"><xsl:with-param name="status" select="$status"/></xsl:call-template>
    </xsl:variable>
    <circulations>
      <circulation>
        <availableNow>
          <xsl:attribute name="value">
            <xsl:call-template name="available-now"><xsl:with-param name="status" select="$status"/></xsl:call-template>
          </xsl:attribute>
        </availableNow>
        <xsl:if test="$due != ''"><availabilityDate><xsl:value-of select="$due"/></availabilityDate></xsl:if>
        <xsl:if test="normalize-space($restrictions) != ''"><restrictions><xsl:value-of select="normalize-space($restrictions)"/></restrictions></xsl:if>
        <xsl:if test="normalize-space($item-id) != ''"><itemId><xsl:value-of select="normalize-space($item-id)"/></itemId></xsl:if>
        <renewable value="0"/>
        <onHold value="0"/>
        <xsl:if test="normalize-space($enum) != ''"><enumAndChron><xsl:value-of select="normalize-space($enum)"/></enumAndChron></xsl:if>
      </circulation>
    </circulations>
  </xsl:template>

  <xsl:template name="element">
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:if test="normalize-space($value) != ''">
      <xsl:element name="{$name}"><xsl:value-of select="normalize-space($value)"/></xsl:element>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
